import { type Day, addDays, daysBetween, formatRange } from '../../../shared/days';
import type { Deployment } from '../../../shared/deployment';
import { DomainError } from '../../../shared/errors';
import type { Freeze, Holiday } from '../../../shared/schedule';
import { shiftTrain } from '../../../shared/train';
import type { AuditEvent } from '../repositories/audit';
import { deleteBlockedDates, insertBlockedDates } from '../repositories/blocked-dates';
import { deleteDeployment, findDeployment, saveDeployment } from '../repositories/deployments';
import { findPlan } from '../repositories/rollout-plans';
import {
  deleteFreeze,
  deleteHoliday,
  findFreeze,
  findHoliday,
  insertFreeze,
  insertHoliday,
} from '../repositories/rules';
import { anyStepStarted } from '../repositories/tracking';
import { findTrainByVersion, listTrains, relayTrain, updateTrainFields } from '../repositories/trains';
import type { ServiceContext } from './context';
import { refreshUnstartedPlans } from './plan-refresh';
import { followCalendar } from './plan-sync';
import { mustFindTrain, mustKeepVersion } from './train-views';

// Undo of the changes to the calendar and the fleet: each is reversed by a compensating change
// (its inverse, written straight to the tables, with the same follow-ups as the change itself:
// plans re-dated or re-planned), and the caller records one `undo` event. Refused, saying what,
// when the thing has changed since.

/** What the `undo` event records of a compensation. */
export interface Compensation {
  summary: string;
  before: unknown;
  after: Record<string, unknown>;
}

/** The calendar and fleet actions undo can reverse (with the rollout ones of audit-trail.ts). */
export const UNDOABLE_CHANGES = [
  'train.skip',
  'train.cancel',
  'train.reinstate',
  'train.rename',
  'train.notes',
  'train.move',
  'holiday.add',
  'holiday.remove',
  'freeze.add',
  'freeze.remove',
  'deployment.create',
  'deployment.update',
  'deployment.retire',
  'deployment.reactivate',
  'deployment.block',
  'deployment.unblock',
] as const;

type Changed = (what: string) => never;

function undid(target: AuditEvent, before: unknown, after: Record<string, unknown>): Compensation {
  return { summary: `Undid: ${target.summary}`, before, after };
}

/**
 * The plans of the trains after `after` (all unstarted ones when absent) follow an undone change to
 * their inputs; `keep` leaves a plan the engine can no longer make as it was instead of refusing.
 */
export function followUndone(ctx: ServiceContext, target: AuditEvent, after?: Day, keep = false): void {
  refreshUnstartedPlans(ctx, {
    change: `Undoing "${target.summary}"`,
    because: `"${target.summary}" was undone`,
    ...(after === undefined ? {} : { after }),
    ...(keep ? { whenUnplannable: 'keep' as const } : {}),
  });
}

function trainChange(ctx: ServiceContext, target: AuditEvent, changed: Changed) {
  const train = mustFindTrain(ctx, Number(target.entityKey));
  const before = target.before as Record<string, unknown>;
  const after = target.after as Record<string, unknown>;
  switch (target.action) {
    case 'train.skip':
    case 'train.cancel': {
      if (train.state !== after.state || train.stateReason !== after.reason) changed(`the state of ${train.version}`);
      updateTrainFields(ctx.db, train.id, { state: 'active', stateReason: null }, ctx.now().toISOString());
      followCalendar(
        ctx,
        { trainIds: [train.id] },
        {
          change: `Undoing "${target.summary}"`,
          because: `the calendar changed while it was ${train.state}`,
          instead: 'change the calendar first',
        },
      );
      followUndone(ctx, target, addDays(train.start, -1));
      return undid(target, { state: train.state }, { state: 'active' });
    }
    case 'train.reinstate': {
      if (train.state !== 'active') changed(`the state of ${train.version}`);
      if (anyStepStarted(ctx.db, train.id)) changed(`the rollout of ${train.version} (it has started)`);
      const state = before.state as 'skipped' | 'cancelled';
      const reason = typeof before.reason === 'string' ? before.reason : null;
      updateTrainFields(ctx.db, train.id, { state, stateReason: reason }, ctx.now().toISOString());
      followUndone(ctx, target, train.start);
      return undid(target, { state: 'active' }, { state, reason });
    }
    case 'train.rename': {
      if (train.version !== after.version) changed(`the version of ${train.version}`);
      const version = before.version as string;
      mustKeepVersion(ctx, train, version);
      const clash = findTrainByVersion(ctx.db, version);
      if (clash && clash.id !== train.id) changed(`the version ${version} (another train has it now)`);
      updateTrainFields(ctx.db, train.id, { version }, ctx.now().toISOString());
      return undid(target, { version: train.version }, { version });
    }
    case 'train.notes': {
      if (train.notes !== after.notes) changed(`the release notes of ${train.version}`);
      updateTrainFields(ctx.db, train.id, { notes: before.notes as string }, ctx.now().toISOString());
      return undid(target, { notes: train.notes }, { notes: before.notes });
    }
    default:
      return undoMove(ctx, target, changed);
  }
}

/** A move of a train shifted the later ones with it (one event each, naming them all): all go back. */
function undoMove(ctx: ServiceContext, target: AuditEvent, changed: Changed) {
  const after = target.after as { start: Day; moves?: { id: number; from: Day; to: Day }[] };
  const moves = after.moves ?? [
    { id: Number(target.entityKey), from: (target.before as { start: Day }).start, to: after.start },
  ];
  const at = ctx.now().toISOString();
  const moved: number[] = [];
  for (const { id, from, to } of moves) {
    const train = mustFindTrain(ctx, id);
    if (train.start !== to) changed(`the dates of ${train.version}`);
    if (train.start <= ctx.today() || anyStepStarted(ctx.db, train.id)) changed(`${train.version} (it has started)`);
    const back = shiftTrain(train, daysBetween(to, from));
    relayTrain(ctx.db, train.id, back.start, back.end, back.phases, at);
    moved.push(train.id);
  }
  followCalendar(
    ctx,
    { trainIds: moved },
    { change: `Undoing "${target.summary}"`, because: 'its move was undone', instead: 'choose another day' },
  );
  followUndone(ctx, target);
  return undid(target, { trains: moved }, { trains: moved, starts: moved.map((id) => mustFindTrain(ctx, id).start) });
}

function ruleChange(ctx: ServiceContext, target: AuditEvent, changed: Changed): Compensation {
  const holiday = target.action.startsWith('holiday.');
  const added = target.action.endsWith('.add');
  const rule = (added ? target.after : target.before) as Holiday | Freeze;
  if (holiday) {
    const h = rule as Holiday;
    const now = findHoliday(ctx.db, h.date);
    if (added ? now?.name !== h.name : now !== undefined) changed(`the holiday on ${h.date}`);
    if (added) deleteHoliday(ctx.db, h.date);
    else insertHoliday(ctx.db, h);
  } else {
    const f = rule as Freeze;
    const now = findFreeze(ctx.db, f.id);
    if (added ? now?.name !== f.name || now.start !== f.start || now.end !== f.end : now !== undefined)
      changed(`the freeze ${f.name}`);
    if (added) deleteFreeze(ctx.db, f.id);
    else insertFreeze(ctx.db, f, f.id);
  }
  const days = holiday
    ? { from: (rule as Holiday).date, to: (rule as Holiday).date }
    : { from: (rule as Freeze).start, to: (rule as Freeze).end };
  followCalendar(ctx, days, {
    change: `Undoing "${target.summary}"`,
    because: `its release days moved (${target.summary.toLowerCase()} was undone)`,
  });
  return undid(target, added ? rule : null, added ? { removed: rule } : { restored: rule });
}

/**
 * A deployment's fields as undo compares them, in a fixed order: an audit event recorded before
 * release windows existed has none, which is what the deployment then had.
 */
const fieldsOf = (d: Deployment): string =>
  JSON.stringify(
    Object.entries({ ...d, releaseWindow: d.releaseWindow ?? null, updatedAt: 0, blockedDates: 0 }).sort(([a], [b]) =>
      a.localeCompare(b),
    ),
  );
const sameFields = (a: Deployment, b: Deployment): boolean => fieldsOf(a) === fieldsOf(b);

function deploymentChange(ctx: ServiceContext, target: AuditEvent, changed: Changed): Compensation {
  const key = target.entityKey;
  const current = findDeployment(ctx.db, key);
  if (!current) changed(key);
  const d = current!;
  const at = ctx.now().toISOString();
  if (target.action === 'deployment.block' || target.action === 'deployment.unblock') {
    const blocking = target.action === 'deployment.block';
    const range = (blocking ? target.after : target.before) as Deployment['blockedDates'][number];
    const now = d.blockedDates.find((r) => r.id === range.id);
    if (blocking ? !now || now.from !== range.from || now.to !== range.to : now !== undefined)
      changed(`the blocked dates of ${key}`);
    if (blocking) {
      deleteBlockedDates(ctx.db, range.id);
      followUndone(ctx, target);
    } else {
      insertBlockedDates(ctx.db, key, range);
      followCalendar(ctx, range, {
        change: `Undoing "${target.summary}"`,
        because: `${key} is blocked ${formatRange(range.from, range.to)} again (${range.reason})`,
        instead: 'choose other days',
      });
    }
    return undid(target, null, { key, range });
  }
  const after = target.after as Deployment;
  if (!sameFields(d, after)) changed(`${key} (it was edited since)`);
  if (target.action === 'deployment.create') {
    // Nothing may refer to it any more once it leaves the plans that have not started.
    saveDeployment(ctx.db, { ...d, status: 'retired', updatedAt: at, retiredAt: at });
    followUndone(ctx, target);
    const kept = listTrains(ctx.db).find((t) => findPlan(ctx.db, t.id)?.placements.some((p) => p.key === key));
    if (kept) changed(`the plan of ${kept.version}, which has started and holds ${key}`);
    deleteDeployment(ctx.db, key);
    return undid(target, { key }, { key, deleted: true });
  }
  const before = target.before as Deployment;
  saveDeployment(ctx.db, { ...before, updatedAt: at });
  followUndone(ctx, target);
  return undid(target, { key, status: d.status }, { key, status: before.status });
}

/** Reverses one calendar or fleet change, or throws (with what changed) when its state is no longer what it left. */
export function compensateChange(ctx: ServiceContext, target: AuditEvent): Compensation {
  const changed: Changed = (what) => {
    throw new DomainError(
      'rule_violation',
      `Cannot undo "${target.summary}": ${what} changed since; undo reverses the last action only while nothing else has touched it.`,
    );
  };
  if (target.action.startsWith('train.')) return trainChange(ctx, target, changed);
  if (target.action.startsWith('holiday.') || target.action.startsWith('freeze.'))
    return ruleChange(ctx, target, changed);
  return deploymentChange(ctx, target, changed);
}
