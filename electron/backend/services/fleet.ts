import type { BlockedDatesChange, CsvExport, DeploymentList, ImportReport } from '../../../shared/contract';
import { formatRange, maxDay } from '../../../shared/days';
import { DEMO_FLEET } from '../../../shared/demo-fleet';
import {
  type BlockedDateRangeDraft,
  type Deployment,
  type DeploymentChanges,
  type DeploymentDraft,
  type DeploymentQuery,
  INTERNAL_OPT_OUT_MESSAGE,
  queryDeployments,
  summarizeFleet,
} from '../../../shared/deployment';
import { definedFields } from '../../../shared/defined';
import { DomainError } from '../../../shared/errors';
import {
  deleteBlockedDates,
  insertBlockedDates,
  overlappingBlockedDates,
  plannedWavesOn,
} from '../repositories/blocked-dates';
import {
  countDeployments,
  findActiveInternal,
  findDeployment,
  listDeployments,
  saveDeployment,
} from '../repositories/deployments';
import { type ServiceContext, audit } from './context';
import { type CsvDeploymentRow, fleetToCsv, importError, parseFleetCsv } from './fleet-csv';
import { refreshUnstartedPlans } from './plan-refresh';
import { followCalendar } from './plan-sync';

/** The fields of a deployment the ordering engine reads, in words: a change to another (its name) leaves plans alone. */
const ORDERING_FIELDS: Partial<Record<keyof DeploymentChanges, string>> = {
  region: 'region',
  tier: 'tier',
  weight: 'weight',
  pairingGroup: 'pairing group',
  pinPolicy: 'pin policy',
  internal: 'internal flag',
  earlyOptOut: 'early opt-out',
};

/** What a person edits of a deployment: everything but its lifecycle stamps and its blocked dates (a table of their own). */
function draftOf(d: Deployment): DeploymentDraft {
  const {
    status: _status,
    createdAt: _created,
    updatedAt: _updated,
    retiredAt: _retired,
    blockedDates: _blocked,
    ...draft
  } = d;
  return draft;
}

function sameFields(a: Deployment, draft: DeploymentDraft, status: Deployment['status']): boolean {
  return a.status === status && JSON.stringify(draftOf(a)) === JSON.stringify(draftOf({ ...a, ...draft }));
}

function mustFind(ctx: ServiceContext, key: string): Deployment {
  const d = findDeployment(ctx.db, key);
  if (!d)
    throw new DomainError('not_found', `No deployment has the key "${key}".`, undefined, { kind: 'list_deployments' });
  return d;
}

/** Refuses a second active internal deployment, naming the one that holds the role. */
function assertInternalFree(ctx: ServiceContext, key: string): void {
  const current = findActiveInternal(ctx.db);
  if (current && current.key !== key) {
    throw new DomainError(
      'conflict',
      `${current.key} is already the internal deployment; there is exactly one. Unmark it first, or choose it instead.`,
      [{ field: 'internal', message: `${current.key} is already the internal deployment; unmark it first.` }],
    );
  }
}

function record(
  ctx: ServiceContext,
  action: string,
  key: string,
  summary: string,
  before?: Deployment,
  after?: Deployment,
): void {
  audit(ctx, {
    action,
    entityType: 'deployment',
    entityKey: key,
    summary,
    before,
    after,
  });
}

export function listFleet(ctx: ServiceContext, query: DeploymentQuery): DeploymentList {
  const all = listDeployments(ctx.db);
  return {
    deployments: queryDeployments(all, query),
    summary: summarizeFleet(all),
    regions: [...new Set(all.map((d) => d.region))].sort(),
  };
}

export function getDeployment(ctx: ServiceContext, key: string): Deployment {
  return mustFind(ctx, key);
}

export function createDeployment(ctx: ServiceContext, draft: DeploymentDraft): Deployment {
  const existing = findDeployment(ctx.db, draft.key);
  if (existing) {
    const state = existing.status === 'retired' ? ' (retired; reactivate it instead)' : '';
    throw new DomainError(
      'conflict',
      `A deployment with the key "${draft.key}" already exists${state}; choose another key.`,
      [{ field: 'key', message: `"${draft.key}" is already used by ${existing.name}${state}.` }],
    );
  }
  if (draft.internal) assertInternalFree(ctx, draft.key);
  const at = ctx.now().toISOString();
  saveDeployment(ctx.db, { ...draft, status: 'active', createdAt: at, updatedAt: at, retiredAt: null });
  const created = mustFind(ctx, draft.key);
  record(ctx, 'deployment.create', draft.key, `Created ${draft.key} (${draft.name})`, undefined, created);
  refreshUnstartedPlans(ctx, {
    change: `Adding ${draft.key} to the fleet`,
    because: `${draft.key} was added to the fleet`,
  });
  return created;
}

export function updateDeployment(ctx: ServiceContext, key: string, changes: DeploymentChanges): Deployment {
  const before = mustFind(ctx, key);
  const next: DeploymentDraft = { ...draftOf(before), ...definedFields(changes) };
  // By value: the release window is an object.
  const changed = (Object.keys(changes) as (keyof DeploymentChanges)[]).filter(
    (f) => JSON.stringify(before[f]) !== JSON.stringify(next[f]),
  );
  if (changed.length === 0) return before;
  if (next.internal && next.pinPolicy === 'late') {
    throw new DomainError(
      'rule_violation',
      'The internal deployment always receives a release first, so it cannot be pinned late.',
      [{ field: 'pinPolicy', message: 'The internal deployment cannot be pinned late.' }],
    );
  }
  if (next.internal && next.earlyOptOut) {
    throw new DomainError('rule_violation', INTERNAL_OPT_OUT_MESSAGE, [
      { field: 'earlyOptOut', message: 'The internal deployment cannot opt out of early waves.' },
    ]);
  }
  if (next.internal && !before.internal && before.status === 'active') assertInternalFree(ctx, key);
  saveDeployment(ctx.db, {
    ...next,
    status: before.status,
    createdAt: before.createdAt,
    updatedAt: ctx.now().toISOString(),
    retiredAt: before.retiredAt,
  });
  const after = mustFind(ctx, key);
  record(ctx, 'deployment.update', key, `Changed ${changed.join(', ')} of ${key}`, before, after);
  const ordering = changed.flatMap((f) => ORDERING_FIELDS[f] ?? []);
  if (ordering.length > 0 && after.status === 'active') {
    const what = `the ${ordering.join(' and ')} of ${key}`;
    refreshUnstartedPlans(ctx, { change: `Changing ${what}`, because: `${what} changed` });
  }
  return after;
}

export function retireDeployment(ctx: ServiceContext, key: string): Deployment {
  const before = mustFind(ctx, key);
  if (before.status === 'retired') throw new DomainError('rule_violation', `${key} is already retired.`);
  if (before.internal) {
    const others = listDeployments(ctx.db).filter((d) => d.status === 'active' && d.key !== key).length;
    if (others > 0) {
      throw new DomainError(
        'rule_violation',
        `${key} is the internal deployment, which receives every release first; make another deployment internal before retiring it.`,
      );
    }
  }
  const at = ctx.now().toISOString();
  saveDeployment(ctx.db, {
    ...draftOf(before),
    status: 'retired',
    createdAt: before.createdAt,
    updatedAt: at,
    retiredAt: at,
  });
  const after = mustFind(ctx, key);
  record(ctx, 'deployment.retire', key, `Retired ${key}`, before, after);
  refreshUnstartedPlans(ctx, { change: `Retiring ${key}`, because: `${key} was retired` });
  return after;
}

export function reactivateDeployment(ctx: ServiceContext, key: string): Deployment {
  const before = mustFind(ctx, key);
  if (before.status === 'active') throw new DomainError('rule_violation', `${key} is already active.`);
  if (before.internal) assertInternalFree(ctx, key);
  saveDeployment(ctx.db, {
    ...draftOf(before),
    status: 'active',
    createdAt: before.createdAt,
    updatedAt: ctx.now().toISOString(),
    retiredAt: null,
  });
  const after = mustFind(ctx, key);
  record(ctx, 'deployment.reactivate', key, `Reactivated ${key}`, before, after);
  refreshUnstartedPlans(ctx, { change: `Reactivating ${key}`, because: `${key} was reactivated` });
  return after;
}

/**
 * Blocks a range of days for one deployment: the ordering engine keeps it off
 * those days. Refused for a retired or the internal deployment, for a range that
 * is over, and for one overlapping another range of the same deployment.
 */
export function blockDeploymentDates(
  ctx: ServiceContext,
  key: string,
  range: BlockedDateRangeDraft,
): BlockedDatesChange {
  const d = mustFind(ctx, key);
  if (d.status === 'retired')
    throw new DomainError('rule_violation', `${key} is retired and receives no releases; reactivate it first.`);
  if (d.internal) {
    throw new DomainError(
      'rule_violation',
      `${key} is the internal deployment, which receives every release first on the first day of internal validation; its days cannot be blocked (move the train instead).`,
    );
  }
  const today = ctx.today();
  if (range.to < today) {
    throw new DomainError(
      'rule_violation',
      `The range ${formatRange(range.from, range.to)} is over; block days from today (${today}) on.`,
      [{ field: 'to', message: `Choose a day on or after ${today}.` }],
    );
  }
  const clash = overlappingBlockedDates(ctx.db, key, range.from, range.to)[0];
  if (clash) {
    throw new DomainError(
      'conflict',
      `${key} is already blocked ${formatRange(clash.from, clash.to)} (${clash.reason}, id ${clash.id}), which overlaps ${formatRange(range.from, range.to)}; unblock that range first or choose other days.`,
      [
        {
          field: 'from',
          message: `Overlaps the blocked range ${formatRange(clash.from, clash.to)} (id ${clash.id}).`,
        },
      ],
    );
  }
  const planned = plannedWavesOn(ctx.db, key, maxDay(range.from, today), range.to);
  const id = insertBlockedDates(ctx.db, key, range);
  const added = { id, ...range };
  audit(ctx, {
    action: 'deployment.block',
    entityType: 'deployment',
    entityKey: key,
    summary: `Blocked ${key} ${formatRange(range.from, range.to)}: ${range.reason}`,
    before: undefined,
    after: added,
  });
  // Plans of trains that have not started are re-planned off the blocked days at once; a started
  // train keeps its plan, and the answer names its waves on those days to move by hand.
  followCalendar(
    ctx,
    { from: range.from, to: range.to },
    {
      change: `Blocking ${key} ${formatRange(range.from, range.to)}`,
      because: `${key} is blocked ${formatRange(range.from, range.to)} (${range.reason})`,
      instead: 'choose other days',
    },
  );
  const left = plannedWavesOn(ctx.db, key, maxDay(range.from, today), range.to);
  const replanned = new Map(
    planned.filter((p) => !left.some((l) => l.trainId === p.trainId)).map((p) => [p.trainId, p.version]),
  );
  return {
    deployment: mustFind(ctx, key),
    range: added,
    replanned: [...replanned].map(([trainId, version]) => ({ trainId, version })),
    plannedOnBlockedDays: left,
  };
}

/** Removes one blocked range of a deployment, named by its id. */
export function unblockDeploymentDates(ctx: ServiceContext, key: string, id: number): Deployment {
  const d = mustFind(ctx, key);
  const range = d.blockedDates.find((r) => r.id === id);
  if (!range) {
    const ids = d.blockedDates.map((r) => r.id).join(', ');
    throw new DomainError(
      'not_found',
      ids
        ? `${key} has no blocked range with the id ${id}; its ranges are ${ids} ("deployments show ${key}").`
        : `${key} has no blocked dates.`,
      [{ field: 'id', message: `No blocked range of ${key} has the id ${id}.` }],
    );
  }
  deleteBlockedDates(ctx.db, id);
  audit(ctx, {
    action: 'deployment.unblock',
    entityType: 'deployment',
    entityKey: key,
    summary: `Unblocked ${key} ${formatRange(range.from, range.to)} (${range.reason})`,
    before: range,
    after: undefined,
  });
  refreshUnstartedPlans(ctx, {
    change: `Unblocking ${key} ${formatRange(range.from, range.to)}`,
    because: `${key} is no longer blocked ${formatRange(range.from, range.to)}`,
  });
  return mustFind(ctx, key);
}

/**
 * The fleet rules that span rows: at most one active internal deployment, and the
 * internal one is not retired while customer deployments stay active (as `retire` refuses).
 */
function assertImportKeepsOneInternal(
  existing: ReadonlyMap<string, Deployment>,
  rows: readonly CsvDeploymentRow[],
): void {
  const final = new Map<string, { internal: boolean; active: boolean; line?: number }>();
  for (const d of existing.values()) final.set(d.key, { internal: d.internal, active: d.status === 'active' });
  for (const r of rows)
    final.set(r.draft.key, { internal: r.draft.internal, active: r.status === 'active', line: r.line });
  const internal = [...final].filter(([, d]) => d.internal && d.active);
  if (internal.length > 1) {
    const line = internal.find(([, d]) => d.line !== undefined)?.[1].line ?? 1;
    throw importError([
      {
        line,
        field: 'internal',
        message: `Only one deployment can be internal; this import would make ${internal.map(([k]) => k).join(' and ')} internal.`,
      },
    ]);
  }
  const activeCount = [...final.values()].filter((d) => d.active).length;
  for (const r of rows) {
    const before = existing.get(r.draft.key);
    if (
      before?.internal &&
      before.status === 'active' &&
      r.draft.internal &&
      r.status === 'retired' &&
      activeCount > 0
    ) {
      throw importError([
        {
          line: r.line,
          field: 'status',
          message: `${r.draft.key} is the internal deployment, which receives every release first; make another deployment internal before retiring it.`,
        },
      ]);
    }
  }
}

/**
 * What an existing deployment keeps when the file lacks a column added after files were first
 * exported (early_opt_out, release_window): an older file must not clear them.
 */
function keepAbsentColumns(before: Deployment, row: CsvDeploymentRow): DeploymentDraft {
  return {
    ...row.draft,
    ...(row.earlyOptOutGiven ? {} : { earlyOptOut: before.earlyOptOut && !row.draft.internal }),
    ...(row.releaseWindowGiven ? {} : { releaseWindow: before.releaseWindow }),
  };
}

/**
 * Imports a fleet CSV all or nothing: rows with a new key are created, rows with
 * an existing key replace its fields. Any bad row, or a fleet that would end with
 * two internal deployments, leaves the database untouched.
 */
export function importFleetCsv(ctx: ServiceContext, csv: string): ImportReport {
  const rows = parseFleetCsv(csv);
  const existing = new Map(listDeployments(ctx.db).map((d) => [d.key, d]));
  assertImportKeepsOneInternal(existing, rows);
  const at = ctx.now().toISOString();
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0 };
  for (const row of rows) {
    const before = existing.get(row.draft.key);
    const r = before ? { ...row, draft: keepAbsentColumns(before, row) } : row;
    if (before && sameFields(before, r.draft, r.status)) {
      report.unchanged++;
      continue;
    }
    const retiredAt = r.status === 'retired' ? (before?.retiredAt ?? at) : null;
    saveDeployment(ctx.db, {
      ...r.draft,
      status: r.status,
      createdAt: before?.createdAt ?? at,
      updatedAt: at,
      retiredAt,
    });
    const after = mustFind(ctx, r.draft.key);
    if (before) report.updated++;
    else report.created++;
    record(
      ctx,
      'deployment.import',
      r.draft.key,
      `Imported ${r.draft.key} (${before ? 'updated' : 'created'})`,
      before,
      after,
    );
  }
  if (report.created + report.updated > 0) {
    refreshUnstartedPlans(ctx, {
      change: 'The import',
      because: `a fleet import created ${report.created} and updated ${report.updated} deployment${report.created + report.updated === 1 ? '' : 's'}`,
    });
  }
  return report;
}

export function exportFleetCsv(ctx: ServiceContext, status: 'active' | 'retired' | 'all', bom: boolean): CsvExport {
  const rows = listDeployments(ctx.db).filter((d) => status === 'all' || d.status === status);
  const day = ctx.now().toISOString().slice(0, 10);
  return { filename: `fleet-${day}.csv`, csv: fleetToCsv(rows, bom), rows: rows.length };
}

/** Demo only: the demo's deployments, into an empty fleet (the rest of the demo is in demo-seed.ts). */
export function loadDemoDeployments(ctx: ServiceContext): number {
  if (countDeployments(ctx.db) > 0) {
    throw new DomainError(
      'rule_violation',
      'The demo fleet can only be loaded into an empty fleet; open a new, empty database to try it.',
      undefined,
      { kind: 'new_database' },
    );
  }
  const at = ctx.now().toISOString();
  for (const d of DEMO_FLEET) {
    saveDeployment(ctx.db, { ...d, status: 'active', createdAt: at, updatedAt: at, retiredAt: null });
  }
  audit(ctx, {
    at,
    action: 'fleet.load_demo',
    entityType: 'fleet',
    entityKey: 'fleet',
    summary: `Loaded the demo fleet (${DEMO_FLEET.length} deployments)`,
    before: undefined,
    after: { keys: DEMO_FLEET.map((d) => d.key) },
  });
  return DEMO_FLEET.length;
}
