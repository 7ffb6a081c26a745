import type { ParsedInput, TrainTracking } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import {
  type StepAction,
  type StepState,
  WAVE_ACTION_SOURCES,
  applyTransition,
  notBefore,
  stepRefusal,
  stepTransition,
} from '../../../shared/rollout-steps';
import { type StoredStep, trainGates, trainHalts, trainSteps, writeStep } from '../repositories/tracking';
import { type ServiceContext } from './context';
import { type AuditedStep, auditTrainChange, auditedStep } from './tracking-records';
import {
  type TrainFacts,
  clockBehindNote,
  keyList,
  mustPlan,
  plural,
  trainTracking,
  waveRefusal,
} from './tracking-views';
import { viewOf } from './train-views';

// Rollout steps: one deployment's step in one train, moved in batches, all or nothing.

const STEP_VERB: Record<StepAction, string> = {
  start: 'Started',
  release: 'Released',
  fail: 'Marked failed',
  rollback: 'Rolled back',
  skip: 'Skipped',
};

type TransitionRequest = ParsedInput<'steps.transition'>;

function stateCounts(steps: readonly StoredStep[]): string {
  const counts = new Map<StepState, number>();
  for (const s of steps) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state.replace('_', ' ')}`).join(', ');
}

/**
 * Moves several steps at once, all or nothing: named deployments, or every step
 * of a wave the action applies to (starting a wave starts its pending steps).
 * Each step must allow the action; starting checks the wave rules (a bake may be
 * overridden with a reason, recorded in the audit event).
 */
export function transitionSteps(ctx: ServiceContext, req: TransitionRequest): TrainTracking {
  const train = viewOf(ctx, req.trainId);
  const plan = mustPlan(ctx, train);
  const steps = trainSteps(ctx.db, train.id);
  let targets: StoredStep[];
  if (req.wave !== undefined) {
    const wave = req.wave;
    if (!plan.waves.some((w) => w.index === wave)) {
      throw new DomainError(
        'invalid_input',
        `${train.version} has waves 0–${plan.waves.length - 1}; there is no wave ${wave}.`,
        [{ field: 'wave', message: `Choose a wave from 0 to ${plan.waves.length - 1}.` }],
      );
    }
    const inWave = steps.filter((s) => s.wave === wave);
    targets = inWave.filter((s) => WAVE_ACTION_SOURCES[req.action].includes(s.state));
    if (targets.length === 0) {
      const from = WAVE_ACTION_SOURCES[req.action].map((s) => s.replace('_', ' ')).join(' or ');
      throw new DomainError(
        'rule_violation',
        `Wave ${wave} of ${train.version} has no ${from} deployment to ${req.action}${inWave.length ? ` (${stateCounts(inWave)})` : ''}; name the deployments to act on them one by one.`,
        undefined,
        { kind: 'name_deployments' },
      );
    }
  } else {
    targets = (req.keys ?? []).map((key) => {
      const step = steps.find((s) => s.key === key);
      if (!step) throw new DomainError('not_found', `${key} is not in the plan of ${train.version}.`);
      return step;
    });
  }
  const nextStates = targets.map((s) => {
    const t = stepTransition(s.state, req.action);
    if (!t.ok) throw new DomainError('rule_violation', stepRefusal(s.key, t.refusal));
    return t.next;
  });
  let overridden: string | null = null;
  if (req.action === 'start') {
    const facts: TrainFacts = {
      train,
      plan,
      steps,
      gates: trainGates(ctx.db, train.id),
      halts: trainHalts(ctx.db, train.id),
    };
    for (const wave of [...new Set(targets.map((s) => s.wave))].sort((a, b) => a - b)) {
      const refusal = waveRefusal(ctx, facts, wave);
      if (!refusal) continue;
      if (!refusal.overridable || req.bakeOverride === undefined)
        throw new DomainError('rule_violation', refusal.message);
      overridden = refusal.message;
    }
  }
  if (req.bakeOverride !== undefined && overridden === null) {
    throw new DomainError(
      'rule_violation',
      `No bake blocks ${req.wave !== undefined ? `wave ${req.wave}` : 'these deployments'} of ${train.version}; leave out the bake override.`,
      [{ field: 'bakeOverride', message: 'Nothing to override.' }],
    );
  }
  const at = ctx.now().toISOString();
  const reason = req.action === 'start' || req.action === 'release' ? null : (req.reason ?? null);
  const after = targets.map((s, i): AuditedStep => {
    const next = {
      ...applyTransition(auditedStep(s), nextStates[i]!, at, reason),
      updatedBy: ctx.actor,
      updatedAt: at,
    };
    writeStep(ctx.db, train.id, next, ctx.actor, at);
    return next;
  });
  const keys = targets.map((s) => s.key);
  // The clock rule (shared/rollout-steps.ts): finishes the clock put before their start were recorded at the start.
  const behind = after.filter((s) => s.finishedAt !== null && s.finishedAt !== at && s.state !== 'in_progress');
  const latestStart = behind.reduce((latest, s) => notBefore(latest, s.startedAt), at);
  const clockNote = behind.length
    ? clockBehindNote(at, `${keyList(behind.map((s) => s.key))} started`, latestStart)
    : '';
  const waves = [...new Set(targets.map((s) => s.wave))];
  const what =
    req.wave !== undefined
      ? `wave ${req.wave} of ${train.version} (${plural(keys.length, 'deployment')}: ${keyList(keys)})`
      : `${keyList(keys)} in ${waves.length === 1 ? `wave ${waves[0]} of ` : ''}${train.version}`;
  const why = reason ? `: ${reason}` : '';
  const override = overridden !== null ? ` (bake overridden: ${req.bakeOverride})` : '';
  auditTrainChange(
    ctx,
    train.id,
    `step.${req.action}`,
    `${STEP_VERB[req.action]} ${what}${why}${override}${clockNote}`,
    { steps: targets.map(auditedStep), deployments: keys },
    {
      steps: after,
      deployments: keys,
      ...(req.wave !== undefined ? { wave: req.wave } : {}),
      ...(overridden !== null ? { bakeOverride: req.bakeOverride, overrode: overridden } : {}),
      ...(behind.length ? { clockBehind: { readAt: at, keys: behind.map((s) => s.key) } } : {}),
    },
  );
  return trainTracking(ctx, train.id);
}
