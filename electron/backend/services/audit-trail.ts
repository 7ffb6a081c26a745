import type { AuditEntry, ParsedInput, UndoResult, UserSetting } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { defaultActor } from '../paths';
import { type AuditEvent, lastAuditId } from '../repositories/audit';
import { type AuditFilter, auditEvents, findEvent, latestEventOf, undoneBy } from '../repositories/audit-trail';
import { findDeployment } from '../repositories/deployments';
import { deletePatch, listPatchSteps, writePatchStep } from '../repositories/patches';
import { type StoredPlan, findPlan, savePlan } from '../repositories/rollout-plans';
import { writeSetting } from '../repositories/settings';
import {
  deleteHalt,
  findHalt,
  readUserName,
  trainGates,
  trainHalts,
  trainSteps,
  writeGate,
  writeResume,
  writeStep,
} from '../repositories/tracking';
import type { TrainView } from '../../../shared/train';
import { type ServiceContext, audit } from './context';
import { UNDOABLE_CHANGES, compensateChange, followUndone } from './undo-changes';
import { type AuditedGate, type AuditedStep, auditedGate, auditedStep } from './tracking-records';
import { keyList } from './tracking-views';
import { viewOf } from './train-views';

// The audit trail as people read it, and undo: the last undoable action is
// reversed by a new compensating change and an `undo` event naming the event it
// undid. History is never deleted or edited (the table's triggers refuse it).

/** What undo can reverse: rollout tracking, manual moves, and the calendar and fleet changes of undo-changes.ts (not settings). */
const UNDOABLE_ACTIONS = [
  ...UNDOABLE_CHANGES,
  'step.start',
  'step.release',
  'step.fail',
  'step.rollback',
  'step.skip',
  'gate.pass',
  'gate.fail',
  'gate.waive',
  'gate.reset',
  'train.halt',
  'train.resume',
  'patch.start',
  'patch.release',
  'patch.fail',
  'patch.rollback',
  'patch.skip',
  'rollout.move',
  'rollout.add',
] as const;

/** Undone, these change what later trains' plans are made from: those plans follow. */
const PLAN_INPUTS: ReadonlySet<string> = new Set(['rollout.move', 'rollout.add', 'train.halt']);

function undoesOf(e: AuditEvent): number | null {
  if (e.action !== 'undo') return null;
  const id = (e.after as { undoes?: unknown } | undefined)?.undoes;
  return typeof id === 'number' ? id : null;
}

function entries(ctx: ServiceContext, events: readonly AuditEvent[]): AuditEntry[] {
  const undone = undoneBy(
    ctx.db,
    events.map((e) => e.id),
  );
  return events.map((e) => ({
    id: e.id,
    at: e.at,
    actor: e.actor,
    action: e.action,
    entityType: e.entityType,
    entityKey: e.entityKey,
    summary: e.summary,
    before: e.before ?? null,
    after: e.after ?? null,
    undoes: undoesOf(e),
    undoneBy: undone.get(e.id) ?? null,
  }));
}

/** The newest audit event's id: it moves when, and only when, the plan changed. */
export function planChangeMark(ctx: ServiceContext): number {
  return lastAuditId(ctx.db);
}

export function auditList(ctx: ServiceContext, q: ParsedInput<'audit.list'>): AuditEntry[] {
  let filter: AuditFilter = {};
  if (q.trainId !== undefined) {
    viewOf(ctx, q.trainId);
    filter = { trainId: q.trainId };
  } else if (q.key !== undefined) {
    if (!findDeployment(ctx.db, q.key))
      throw new DomainError('not_found', `No deployment has the key ${q.key}.`, undefined, {
        kind: 'list_deployments',
      });
    filter = { key: q.key };
  }
  return entries(ctx, auditEvents(ctx.db, filter, q.limit));
}

function sameRecord(a: object | null | undefined, b: object | null | undefined): boolean {
  if (!a || !b) return a === b;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.every(
    (k) => JSON.stringify((a as Record<string, unknown>)[k]) === JSON.stringify((b as Record<string, unknown>)[k]),
  );
}

interface Compensation {
  summary: string;
  before: unknown;
  after: Record<string, unknown>;
}

/** Reverses one event, or throws (with what changed) when its state is no longer what it left. */
function compensate(ctx: ServiceContext, target: AuditEvent): Compensation {
  const trainId = Number(target.entityKey);
  const train = viewOf(ctx, trainId);
  const changed = (what: string): never => {
    throw new DomainError(
      'rule_violation',
      `Cannot undo "${target.summary}": ${what} changed since; undo reverses the last action only while nothing else has touched it.`,
    );
  };
  const before = target.before as Record<string, unknown>;
  const after = target.after as Record<string, unknown>;

  if (target.action.startsWith('step.') || target.action.startsWith('patch.')) {
    const was = before.steps as AuditedStep[];
    const now = after.steps as AuditedStep[];
    const patchId = target.action.startsWith('patch.') ? (after.patchId as number) : null;
    const stored = patchId === null ? trainSteps(ctx.db, trainId) : listPatchSteps(ctx.db, [patchId]);
    const current = new Map(stored.map((s) => [s.key, auditedStep(s)]));
    for (const s of now) if (!sameRecord(current.get(s.key), s)) changed(`the step of ${s.key}`);
    for (const s of was)
      if (patchId === null) writeStep(ctx.db, trainId, s, s.updatedBy, s.updatedAt);
      else writePatchStep(ctx.db, patchId, s, s.updatedBy, s.updatedAt);
    const keys = was.map((s) => s.key);
    const patch = patchId === null ? {} : { patchId };
    return {
      summary: `Undid: ${target.summary}`,
      before: { ...patch, steps: now, deployments: keys },
      after: { ...patch, steps: was, deployments: keys },
    };
  }

  if (target.action.startsWith('gate.')) {
    const was = before.gate as AuditedGate;
    const now = after.gate as AuditedGate;
    const gate = trainGates(ctx.db, trainId).find((g) => g.key === now.key);
    if (!gate || !sameRecord(auditedGate(gate), now)) changed(`the gate "${gate?.name ?? now.key}"`);
    writeGate(ctx.db, trainId, was.key, was);
    return { summary: `Undid: ${target.summary}`, before: { gate: now }, after: { gate: was } };
  }

  if (target.action === 'train.halt') {
    const halt = findHalt(ctx.db, after.haltId as number);
    if (!halt || halt.resumedAt !== null) changed(`the halt (it was resumed)`);
    const gateNow = after.gate as AuditedGate | null;
    const gateWas = before.gate as AuditedGate | null;
    if (gateNow) {
      const gate = trainGates(ctx.db, trainId).find((g) => g.key === gateNow.key);
      if (!gate || !sameRecord(auditedGate(gate), gateNow)) changed(`the gate "${gate?.name ?? gateNow.key}"`);
    }
    deleteHalt(ctx.db, halt!.id);
    if (gateWas) writeGate(ctx.db, trainId, gateWas.key, gateWas);
    return {
      summary: `Undid: ${target.summary}`,
      before: { haltId: halt!.id, gate: gateNow },
      after: { haltId: null, gate: gateWas, deployments: halt!.deployments },
    };
  }

  if (target.action === 'train.resume') {
    const halt = findHalt(ctx.db, after.haltId as number);
    if (!halt || halt.resumedAt !== after.resumedAt) changed('the halt');
    if (trainHalts(ctx.db, trainId).some((h) => h.resumedAt === null)) changed('the train (it is halted again)');
    // The patch the resume created goes with it, while none of its steps has moved.
    const patchId = typeof after.patchId === 'number' ? after.patchId : null;
    const patchSteps = patchId === null ? [] : listPatchSteps(ctx.db, [patchId]);
    const moved = patchSteps.filter((s) => s.state !== 'pending').map((s) => s.key);
    if (moved.length > 0)
      changed(`the patch ${halt!.fixVersion} (its steps of ${keyList(moved)} moved; undo them first)`);
    if (patchId !== null) deletePatch(ctx.db, patchId);
    writeResume(ctx.db, halt!.id, { resumedAt: null, resumedBy: null, fixVersion: null });
    return {
      summary: `Undid: ${target.summary}`,
      before: { haltId: halt!.id, resumedAt: halt!.resumedAt, fixVersion: halt!.fixVersion, patchId },
      after: {
        haltId: halt!.id,
        resumedAt: null,
        fixVersion: null,
        patchId: null,
        deployments: patchSteps.map((s) => s.key),
      },
    };
  }

  if (target.action === 'rollout.add') return takeOutOfPlan(ctx, target, train, changed);

  // rollout.move: put the deployment back in its wave, with the placement's old reason.
  const key = after.key as string;
  const back = before.wave as number;
  const plan = planAsLeft(ctx, target, train, changed, key, after.wave as number, [back, after.wave as number]);
  savePlan(
    ctx.db,
    {
      ...plan,
      updatedAt: ctx.now().toISOString(),
      placements: plan.placements.map((p) =>
        p.key === key
          ? {
              ...p,
              wave: back,
              reason: typeof before.reason === 'string' ? before.reason : `moved back by undo from wave ${p.wave}`,
              manual: typeof before.manual === 'boolean' ? before.manual : false,
            }
          : p,
      ),
    },
    ctx.actor,
  );
  return {
    summary: `Undid: ${target.summary}`,
    before: { key, wave: after.wave },
    after: { key, wave: back, deployments: [key] },
  };
}

/**
 * The train's plan as a manual move or addition left it: `key` still in `wave`, its step still
 * pending, and each of `waves` still to come; else undo is refused, saying what changed.
 */
function planAsLeft(
  ctx: ServiceContext,
  target: AuditEvent,
  train: TrainView,
  changed: (what: string) => never,
  key: string,
  wave: number,
  waves: readonly number[],
): StoredPlan {
  const plan = findPlan(ctx.db, train.id);
  const placement = plan?.placements.find((p) => p.key === key);
  if (!plan || !placement || placement.wave !== wave) changed(`the wave of ${key}`);
  const step = trainSteps(ctx.db, train.id).find((s) => s.key === key);
  if (step && step.state !== 'pending') changed(`the step of ${key}`);
  for (const w of waves) {
    const date = plan!.waves.find((x) => x.index === w)?.date;
    if (date === undefined || date <= ctx.today())
      throw new DomainError(
        'rule_violation',
        `Cannot undo "${target.summary}": wave ${w} of ${train.version} is today or past; only waves still to come can change.`,
      );
  }
  return plan!;
}

/** Undoes `rollout.add`: the deployment leaves the plan again, while its step has not started and its wave is to come. */
function takeOutOfPlan(
  ctx: ServiceContext,
  target: AuditEvent,
  train: TrainView,
  changed: (what: string) => never,
): Compensation {
  const after = target.after as { key: string; wave: number };
  const plan = planAsLeft(ctx, target, train, changed, after.key, after.wave, [after.wave]);
  savePlan(
    ctx.db,
    {
      ...plan,
      updatedAt: ctx.now().toISOString(),
      placements: plan.placements.filter((p) => p.key !== after.key),
    },
    ctx.actor,
  );
  return {
    summary: `Undid: ${target.summary}`,
    before: { key: after.key, wave: after.wave },
    after: { key: after.key, wave: null, deployments: [after.key] },
  };
}

/**
 * Undoes the newest undoable action (of one train, or of any): a compensating
 * change and an `undo` event, in one transaction. Refused when the newest is
 * itself an undo (one level, no redo), or when the state changed since.
 */
export function undoLast(ctx: ServiceContext, trainId?: number): UndoResult {
  const scope = trainId === undefined ? '' : ` in ${viewOf(ctx, trainId).version}`;
  const target = latestEventOf(ctx.db, [...UNDOABLE_ACTIONS, 'undo'], trainId);
  if (!target)
    throw new DomainError(
      'not_found',
      `There is nothing to undo${scope}: no step, gate, halt, resume, manual move, train, calendar or fleet change has been recorded.`,
    );
  if (target.action === 'undo') {
    const undone = findEvent(ctx.db, undoesOf(target) ?? -1);
    throw new DomainError(
      'rule_violation',
      `The last action${scope} ("${undone?.summary ?? target.summary}") was already undone; undo reverses only the last action, once.`,
    );
  }
  const c = (UNDOABLE_CHANGES as readonly string[]).includes(target.action)
    ? compensateChange(ctx, target)
    : compensate(ctx, target);
  audit(ctx, {
    action: 'undo',
    entityType: target.entityType,
    entityKey: target.entityKey,
    summary: c.summary,
    before: c.before,
    after: { ...c.after, undoes: target.id, undoneAction: target.action },
  });
  const undo = latestEventOf(ctx.db, ['undo'], trainId)!;
  if (PLAN_INPUTS.has(target.action)) followUndone(ctx, target, viewOf(ctx, Number(target.entityKey)).start, true);
  const [undoneEntry, undoEntry] = entries(ctx, [findEvent(ctx.db, target.id)!, undo]);
  return { undone: undoneEntry!, undo: undoEntry! };
}

// ----- the user's name ------------------------------------------------------------

export function readUser(ctx: ServiceContext): UserSetting {
  return { userName: readUserName(ctx.db), osUserName: defaultActor(), actor: ctx.actor };
}

/** Sets the name the audit log records (null: the OS user name). A caller's own override (CLI --actor) still wins. */
export function updateUser(ctx: ServiceContext, userName: string | null): UserSetting {
  const os = defaultActor();
  const previous = readUserName(ctx.db);
  const followsSetting = ctx.actor === (previous ?? os);
  if (previous !== userName) {
    writeSetting(ctx.db, 'user_name', userName);
    audit(ctx, {
      action: 'settings.update',
      entityType: 'settings',
      entityKey: 'user_name',
      summary: userName ? `Set the user name to ${userName}` : `Cleared the user name (the OS user name ${os} is used)`,
      before: previous,
      after: userName,
    });
  }
  return { userName, osUserName: os, actor: followsSetting ? (userName ?? os) : ctx.actor };
}
