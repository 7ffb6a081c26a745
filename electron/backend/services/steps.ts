import type { ParsedInput, TrainTracking } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import {
  STEP_VERB,
  type StepState,
  WAVE_ACTION_SOURCES,
  applyTransition,
  notBefore,
  stepRefusal,
  stepTransition,
  waveIndexes,
} from '../../../shared/rollout-steps';
import type { WaveRefusal } from '../../../shared/wave-rules';
import { findPatch, writePatchStep } from '../repositories/patches';
import { writeStep } from '../repositories/tracking';
import { type ServiceContext } from './context';
import { type AuditedStep, auditTrainChange, auditedStep } from './tracking-records';
import {
  clockBehindNote,
  keyList,
  mustPlan,
  patchRefusal,
  plural,
  trainFacts,
  trainTracking,
  waveRefusal,
} from './tracking-views';
import { viewOf } from './train-views';

// Rollout steps: one deployment's step in one train, moved in batches, all or nothing.

type StepBatch = Omit<ParsedInput<'steps.transition'>, 'trainId'>;

function stateCounts(steps: readonly { state: StepState }[]): string {
  const counts = new Map<StepState, number>();
  for (const s of steps) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state.replace('_', ' ')}`).join(', ');
}

/** One rollout whose steps move: a train's, or a patch's. */
interface Rollout {
  trainId: number;
  /** How sentences name it: "2027.02", "the patch 2027.02.1". */
  name: string;
  /** "the plan of 2027.02", "the patch 2027.02.1": what a deployment is not in. */
  members: string;
  steps: readonly (AuditedStep & { key: string })[];
  waves: readonly number[];
  /** The wave rules' verdict on starting a step of `wave` now. */
  refusal: (wave: number) => WaveRefusal | null;
  write: (step: AuditedStep) => void;
  /** The audit action's prefix, and what the event records besides the steps. */
  action: 'step' | 'patch';
  record: Record<string, unknown>;
}

/**
 * Moves several steps at once, all or nothing: named deployments, or every step
 * of a wave the action applies to (starting a wave starts its pending steps).
 * Each step must allow the action; starting checks the wave rules (a bake may be
 * overridden with a reason, recorded in the audit event).
 */
function moveSteps(ctx: ServiceContext, r: Rollout, req: StepBatch): void {
  const steps = r.steps;
  let targets: (typeof steps)[number][];
  if (req.wave !== undefined) {
    const wave = req.wave;
    if (!r.waves.includes(wave)) {
      const [first, last] = [Math.min(...r.waves), Math.max(...r.waves)];
      const contiguous = last - first + 1 === r.waves.length;
      throw new DomainError(
        'invalid_input',
        `${r.name} has ${contiguous ? `waves ${first}–${last}` : `waves ${r.waves.join(', ')}`}; there is no wave ${wave}.`,
        [
          {
            field: 'wave',
            message: contiguous ? `Choose a wave from ${first} to ${last}.` : `Choose wave ${r.waves.join(', ')}.`,
          },
        ],
      );
    }
    const inWave = steps.filter((s) => s.wave === wave);
    targets = inWave.filter((s) => WAVE_ACTION_SOURCES[req.action].includes(s.state));
    if (targets.length === 0) {
      const from = WAVE_ACTION_SOURCES[req.action].map((s) => s.replace('_', ' ')).join(' or ');
      throw new DomainError(
        'rule_violation',
        `Wave ${wave} of ${r.name} has no ${from} deployment to ${req.action}${inWave.length ? ` (${stateCounts(inWave)})` : ''}; name the deployments to act on them one by one.`,
        undefined,
        { kind: 'name_deployments' },
      );
    }
  } else {
    targets = (req.keys ?? []).map((key) => {
      const step = steps.find((s) => s.key === key);
      if (!step) throw new DomainError('not_found', `${key} is not in ${r.members}.`);
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
    for (const wave of [...new Set(targets.map((s) => s.wave))].sort((a, b) => a - b)) {
      const refusal = r.refusal(wave);
      if (!refusal) continue;
      if (!refusal.overridable || req.bakeOverride === undefined)
        throw new DomainError('rule_violation', refusal.message);
      overridden = refusal.message;
    }
  }
  if (req.bakeOverride !== undefined && overridden === null) {
    throw new DomainError(
      'rule_violation',
      `No bake blocks ${req.wave !== undefined ? `wave ${req.wave}` : 'these deployments'} of ${r.name}; leave out the bake override.`,
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
    r.write(next);
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
      ? `wave ${req.wave} of ${r.name} (${plural(keys.length, 'deployment')}: ${keyList(keys)})`
      : `${keyList(keys)} in ${waves.length === 1 ? `wave ${waves[0]} of ` : ''}${r.name}`;
  const why = reason ? `: ${reason}` : '';
  const override = overridden !== null ? ` (bake overridden: ${req.bakeOverride})` : '';
  auditTrainChange(
    ctx,
    r.trainId,
    `${r.action}.${req.action}`,
    `${STEP_VERB[req.action]} ${what}${why}${override}${clockNote}`,
    { ...r.record, steps: targets.map(auditedStep), deployments: keys },
    {
      ...r.record,
      steps: after,
      deployments: keys,
      ...(req.wave !== undefined ? { wave: req.wave } : {}),
      ...(overridden !== null ? { bakeOverride: req.bakeOverride, overrode: overridden } : {}),
      ...(behind.length ? { clockBehind: { readAt: at, keys: behind.map((s) => s.key) } } : {}),
    },
  );
}

/** Moves steps of a train's rollout (`steps.transition`). */
export function transitionSteps(ctx: ServiceContext, req: ParsedInput<'steps.transition'>): TrainTracking {
  const train = viewOf(ctx, req.trainId);
  const facts = trainFacts(ctx, train);
  const plan = facts.plan ?? mustPlan(ctx, train);
  moveSteps(
    ctx,
    {
      trainId: train.id,
      name: train.version,
      members: `the plan of ${train.version}`,
      steps: facts.steps,
      waves: plan.waves.map((w) => w.index),
      refusal: (wave) => waveRefusal(ctx, facts, wave),
      write: (step) => writeStep(ctx.db, train.id, step, ctx.actor, step.updatedAt),
      action: 'step',
      record: {},
    },
    req,
  );
  return trainTracking(ctx, train.id);
}

/** Moves steps of a patch rollout (`patches.transition`): the same rules, with the patch's own waves and bake. */
export function transitionPatchSteps(ctx: ServiceContext, req: ParsedInput<'patches.transition'>): TrainTracking {
  const patch = findPatch(ctx.db, req.patchId);
  if (!patch) throw new DomainError('not_found', `No patch has the id ${req.patchId}.`);
  const facts = trainFacts(ctx, viewOf(ctx, patch.trainId));
  const mine = facts.patches.find((p) => p.patch.id === patch.id)!;
  const { steps } = mine;
  moveSteps(
    ctx,
    {
      trainId: patch.trainId,
      name: `the patch ${patch.version}`,
      members: `the patch ${patch.version}`,
      steps,
      waves: waveIndexes(steps),
      refusal: (wave) => patchRefusal(ctx, facts, mine, wave),
      write: (step) => writePatchStep(ctx.db, patch.id, step, ctx.actor, step.updatedAt),
      action: 'patch',
      record: { patchId: patch.id, version: patch.version },
    },
    req,
  );
  return trainTracking(ctx, patch.trainId);
}
