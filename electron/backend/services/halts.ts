import type { ParsedInput, TrainTracking } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { notBefore, trackedStatus, trainActionRefusal } from '../../../shared/rollout-steps';
import {
  insertHalt,
  readGatePolicy,
  trainGates,
  trainHalts,
  trainSteps,
  writeGate,
  writeResume,
} from '../repositories/tracking';
import { type ServiceContext } from './context';
import { createPatch } from './patch-plans';
import { refreshUnstartedPlans } from './plan-refresh';
import { type AuditedGate, auditTrainChange, auditedGate } from './tracking-records';
import { clockBehindNote, keyList, mustPlan, openHalt, plural, trainTracking } from './tracking-views';
import { viewOf } from './train-views';

// Halts: a regression halts a train until it is resumed with the fix.

type HaltRequest = ParsedInput<'trains.halt'>;

/**
 * Records a regression: the train halts (no step may start), the deployments it
 * reached count against their exposure in the next plans, and — by the resume
 * policy — the internal bake gate goes back to pending for a fresh pass.
 */
export function haltTrain(ctx: ServiceContext, req: HaltRequest): TrainTracking {
  const train = viewOf(ctx, req.trainId);
  mustPlan(ctx, train);
  const steps = trainSteps(ctx.db, train.id);
  const halts = trainHalts(ctx.db, train.id);
  const status = trackedStatus({ calendar: train.status, halted: openHalt(halts) !== null, steps });
  const started = steps.filter((s) => s.state !== 'pending');
  const refusal = trainActionRefusal('halt', status, started.length > 0);
  if (refusal) throw new DomainError('rule_violation', `Train ${train.version} ${refusal}.`);
  let reached: string[];
  if (req.deployments) {
    for (const key of req.deployments)
      if (!steps.some((s) => s.key === key))
        throw new DomainError(
          'rule_violation',
          `${key} is not in the plan of ${train.version}; name only deployments of this train.`,
          [{ field: 'deployments', message: `${key} is not in this train.` }],
        );
    reached = [...req.deployments].sort();
  } else {
    reached = steps
      .filter((s) => s.state === 'released' || s.state === 'in_progress')
      .map((s) => s.key)
      .sort();
    if (reached.length === 0)
      throw new DomainError(
        'rule_violation',
        `No deployment of ${train.version} is released or in progress; name the deployments the regression reached.`,
        [{ field: 'deployments', message: 'Name the deployments the regression reached.' }],
      );
  }
  const at = ctx.now().toISOString();
  const haltedWave = Math.max(...started.map((s) => s.wave));
  const id = insertHalt(ctx.db, {
    trainId: train.id,
    reason: req.reason,
    reference: req.reference,
    severity: req.severity,
    haltedAt: at,
    haltedBy: ctx.actor,
    haltedWave,
    deployments: reached,
  });
  // By policy a resume needs a fresh pass of the internal bake: the fix must be released and baked.
  let gateBefore: AuditedGate | null = null;
  let gateAfter: AuditedGate | null = null;
  const bake = trainGates(ctx.db, train.id).find((g) => g.kind === 'internal_bake');
  if (bake && readGatePolicy(ctx.db).freshInternalBakeOnResume && bake.state !== 'pending') {
    gateBefore = auditedGate(bake);
    gateAfter = {
      ...gateBefore,
      state: 'pending',
      reason: null,
      evidenceUrl: null,
      updatedBy: ctx.actor,
      updatedAt: at,
    };
    writeGate(ctx.db, train.id, bake.key, gateAfter);
  }
  auditTrainChange(
    ctx,
    train.id,
    'train.halt',
    `Halted ${train.version} in wave ${haltedWave}: ${req.reason} (${req.reference}, ${req.severity}); it reached ${plural(reached.length, 'deployment')}: ${keyList(reached)}`,
    { gate: gateBefore },
    {
      haltId: id,
      reason: req.reason,
      reference: req.reference,
      severity: req.severity,
      haltedWave,
      deployments: reached,
      gate: gateAfter,
    },
  );
  // The regression counts against the deployments it reached in the plans of the trains after it.
  // A halt is never refused: a plan the engine cannot make again is kept, and flagged.
  refreshUnstartedPlans(ctx, {
    change: `Halting ${train.version}`,
    because: `the regression of ${train.version} reached ${plural(reached.length, 'deployment')}`,
    after: train.start,
    whenUnplannable: 'keep',
  });
  return trainTracking(ctx, train.id);
}

/**
 * Resumes a halted train with the fix version that was integrated. By policy
 * (default on) the internal bake gate must have passed (or been waived) since the
 * halt. The rollout continues from the halted wave: nothing else changes.
 */
export function resumeTrain(ctx: ServiceContext, req: ParsedInput<'trains.resume'>): TrainTracking {
  const { trainId, fixVersion } = req;
  const train = viewOf(ctx, trainId);
  const steps = trainSteps(ctx.db, train.id);
  const halts = trainHalts(ctx.db, train.id);
  const halt = openHalt(halts);
  const status = trackedStatus({ calendar: train.status, halted: halt !== null, steps });
  const refusal = trainActionRefusal(
    'resume',
    status,
    steps.some((s) => s.state !== 'pending'),
  );
  if (refusal || !halt)
    throw new DomainError('rule_violation', `Train ${train.version} ${refusal ?? 'is not halted'}.`);
  const bake = trainGates(ctx.db, train.id).find((g) => g.kind === 'internal_bake');
  if (
    bake &&
    readGatePolicy(ctx.db).freshInternalBakeOnResume &&
    !((bake.state === 'passed' || bake.state === 'waived') && bake.updatedAt >= halt.haltedAt)
  ) {
    const internal = steps.find((s) => s.internal && s.wave === 0)?.key ?? 'the internal deployment';
    throw new DomainError(
      'rule_violation',
      `Train ${train.version} cannot resume yet: by policy the gate "${bake.name}" must pass again after the halt (release the fix to ${internal} and let it bake for ${bake.bakeHours} hours); it is ${bake.state}.`,
    );
  }
  const now = ctx.now().toISOString();
  // The clock rule: a resume is never recorded before its halt.
  const at = notBefore(now, halt.haltedAt);
  const clockNote = at !== now ? clockBehindNote(now, 'the halt', halt.haltedAt) : '';
  writeResume(ctx.db, halt.id, { resumedAt: at, resumedBy: ctx.actor, fixVersion });
  // Every deployment still running the broken version gets the fix: a patch rollout.
  const patch = createPatch(ctx, train, { ...halt, resumedAt: at, fixVersion }, req.patchBakeHours, at);
  auditTrainChange(
    ctx,
    train.id,
    'train.resume',
    `Resumed ${train.version} with the fix ${fixVersion} (halted for ${halt.reason}, ${halt.reference}); the rollout continues from wave ${halt.haltedWave}${patch ? `, and ${patch.clause}` : ''}${clockNote}`,
    { haltId: halt.id, resumedAt: null, resumedBy: null, fixVersion: null },
    {
      haltId: halt.id,
      resumedAt: at,
      resumedBy: ctx.actor,
      fixVersion,
      patchId: patch?.id ?? null,
      deployments: patch?.keys ?? [],
      ...(at !== now ? { clockBehind: { readAt: now } } : {}),
    },
  );
  return trainTracking(ctx, train.id);
}
