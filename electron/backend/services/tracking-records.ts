import { type StepRecord } from '../../../shared/rollout-steps';
import { type StoredGate } from '../repositories/tracking';
import { type ServiceContext, audit } from './context';

// How tracking changes are recorded: the audit event of a change to a train, and the
// records it keeps of steps and gates, so that undo can put them back exactly.

/** The records an audit event keeps of a step, so that undo can put it back exactly. */
export interface AuditedStep extends StepRecord {
  wave: number;
  updatedBy: string;
  updatedAt: string;
}

/** The records an audit event keeps of a gate. */
export interface AuditedGate {
  key: string;
  state: StoredGate['state'];
  reason: string | null;
  evidenceUrl: string | null;
  updatedBy: string;
  updatedAt: string;
}

export function auditedStep(s: AuditedStep): AuditedStep {
  return {
    key: s.key,
    wave: s.wave,
    state: s.state,
    reason: s.reason,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt,
  };
}

export function auditedGate(g: StoredGate): AuditedGate {
  return {
    key: g.key,
    state: g.state,
    reason: g.reason,
    evidenceUrl: g.evidenceUrl,
    updatedBy: g.updatedBy,
    updatedAt: g.updatedAt,
  };
}

/** Appends the audit event of a change to a train. */
export function auditTrainChange(
  ctx: ServiceContext,
  trainId: number,
  action: string,
  summary: string,
  before: unknown,
  after: unknown,
): void {
  audit(ctx, {
    action,
    entityType: 'train',
    entityKey: String(trainId),
    summary,
    before,
    after,
  });
}
