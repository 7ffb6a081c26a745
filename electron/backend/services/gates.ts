import type { GateView, ParsedInput, TrainTracking } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import {
  type GateAction,
  type GatePolicy,
  gateRefusal,
  gateTransition,
  internalBakeRefusal,
} from '../../../shared/gates';
import { writeSetting } from '../repositories/settings';
import { readGatePolicy, trainGates, trainHalts, trainSteps, writeGate } from '../repositories/tracking';
import { type ServiceContext, audit } from './context';
import { type AuditedGate, auditTrainChange, auditedGate } from './tracking-records';
import { gateView, mustPlan, trainTracking } from './tracking-views';
import { viewOf } from './train-views';
import { checkRevision } from './revisions';

// Validation gates: a train's gates passed, failed, waived or reset, and the default list.

export function listTrainGates(ctx: ServiceContext, trainId: number): GateView[] {
  viewOf(ctx, trainId);
  return trainGates(ctx.db, trainId).map(gateView);
}

export function readGateDefaults(ctx: ServiceContext): GatePolicy {
  return readGatePolicy(ctx.db);
}

/** Replaces the gate list of trains planned from now on (trains already planned keep theirs) and the resume policy. */
export function updateGateDefaults(ctx: ServiceContext, policy: GatePolicy): GatePolicy {
  const before = readGatePolicy(ctx.db);
  writeSetting(ctx.db, 'gate_policy', policy);
  audit(ctx, {
    action: 'settings.update',
    entityType: 'settings',
    entityKey: 'gate_policy',
    summary: `Changed the default validation gates (${policy.gates.map((g) => g.name).join(', ') || 'none'})`,
    before,
    after: policy,
  });
  return policy;
}

const GATE_VERB: Record<GateAction, string> = {
  pass: 'Passed',
  fail: 'Failed',
  waive: 'Waived',
  reset: 'Reset',
};

export function setGate(ctx: ServiceContext, req: ParsedInput<'gates.set'>): TrainTracking {
  const train = viewOf(ctx, req.trainId);
  const gates = trainGates(ctx.db, train.id);
  if (gates.length === 0) {
    mustPlan(ctx, train);
    throw new DomainError('not_found', `${train.version} has no validation gates.`);
  }
  const gate = gates.find((g) => g.key === req.key);
  if (!gate)
    throw new DomainError(
      'not_found',
      `${train.version} has no gate "${req.key}"; its gates are ${gates.map((g) => g.key).join(', ')}.`,
    );
  checkRevision(ctx, req.expectedRevision, gate.revision, {
    subject: `The gate "${gate.name}" of ${train.version}`,
    verb: 'was',
    pronoun: 'it',
    again: 'set it',
    lastChange: () => ({ actor: gate.updatedBy, at: gate.updatedAt, summary: `now ${gate.state}` }),
  });
  if (train.state !== 'active')
    throw new DomainError('rule_violation', `${train.version} is ${train.state}; its gates can no longer change.`);
  const t = gateTransition(gate.state, req.action);
  if (!t.ok) throw new DomainError('rule_violation', gateRefusal(gate.name, t.refusal));
  const now = ctx.now();
  if (req.action === 'pass' && gate.kind === 'internal_bake') {
    const steps = trainSteps(ctx.db, train.id);
    const internal = steps.find((s) => s.internal && s.wave === 0) ?? null;
    const halts = trainHalts(ctx.db, train.id);
    const refusal = internalBakeRefusal({
      internalKey: internal?.key ?? null,
      internalStep: internal,
      bakeHours: gate.bakeHours!,
      releasedAfter: readGatePolicy(ctx.db).freshInternalBakeOnResume ? (halts.at(-1)?.haltedAt ?? null) : null,
      now,
    });
    if (refusal) throw new DomainError('rule_violation', `The gate "${gate.name}" cannot pass yet: ${refusal}.`);
  }
  const at = now.toISOString();
  const next: AuditedGate = {
    key: gate.key,
    state: t.next,
    reason: t.next === 'pending' ? null : (req.reason ?? null),
    evidenceUrl: t.next === 'pending' ? null : (req.evidenceUrl ?? null),
    updatedBy: ctx.actor,
    updatedAt: at,
  };
  writeGate(ctx.db, train.id, gate.key, next);
  const why = req.reason ? `: ${req.reason}` : '';
  auditTrainChange(
    ctx,
    train.id,
    `gate.${req.action}`,
    req.action === 'reset'
      ? `Reset the gate "${gate.name}" of ${train.version} to pending`
      : `${GATE_VERB[req.action]} the gate "${gate.name}" of ${train.version}${why}`,
    { gate: auditedGate(gate) },
    { gate: next },
  );
  return trainTracking(ctx, train.id);
}
