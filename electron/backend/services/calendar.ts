import { type Cadence, SUPPORTED_DAYS_TEXT, phasesFrom, planTrains, templateLength } from '../../../shared/cadence';
import type { CalendarRange, ParsedInput, Settings, TrainDetail } from '../../../shared/contract';
import { type Day, LAST_SUPPORTED_DAY, addDays, daysBetween, formatDay, formatRange } from '../../../shared/days';
import { DomainError } from '../../../shared/errors';
import { type StepState, isFinished } from '../../../shared/rollout-steps';
import type { Freeze, FreezeDraft, Holiday } from '../../../shared/schedule';
import { type Train, type TrainView, shiftTrain } from '../../../shared/train';
import { latestChange, listAudit } from '../repositories/audit';
import {
  deleteFreeze,
  deleteHoliday,
  findFreeze,
  findHoliday,
  insertFreeze,
  insertHoliday,
  listFreezes,
  listHolidays,
} from '../repositories/rules';
import { writeSetting } from '../repositories/settings';
import { trainHalts, trainSteps } from '../repositories/tracking';
import {
  findTrainByVersion,
  insertTrain,
  listTrains,
  relayTrain,
  takenSlots,
  updateTrainFields,
} from '../repositories/trains';
import { type ServiceContext, audit } from './context';
import { refreshUnstartedPlans } from './plan-refresh';
import { followCalendar } from './plan-sync';
import { type Edited, checkRevision, lastChangeOf, lastTrainChange } from './revisions';
import { CALENDAR_SETTINGS, mustFindTrain, mustKeepVersion, readSettings, viewOf, views } from './train-views';

/** The audit event of a calendar change, positionally. */
function auditCalendar(
  ctx: ServiceContext,
  action: string,
  entityType: string,
  entityKey: string,
  summary: string,
  before?: unknown,
  after?: unknown,
): void {
  audit(ctx, {
    action,
    entityType,
    entityKey,
    summary,
    before,
    after,
  });
}

export function holidaysList(ctx: ServiceContext): Holiday[] {
  return listHolidays(ctx.db);
}

export function freezesList(ctx: ServiceContext): Freeze[] {
  return listFreezes(ctx.db);
}

export function calendarRange(ctx: ServiceContext, from: Day, to: Day): CalendarRange {
  const settings = readSettings(ctx.db);
  return {
    from,
    to,
    today: ctx.today(),
    trains: views(ctx, listTrains(ctx.db, from, to)),
    holidays: listHolidays(ctx.db, from, to),
    freezes: listFreezes(ctx.db, from, to),
    workingDays: settings.workingDays,
  };
}

export function trainDetail(ctx: ServiceContext, id: number): TrainDetail {
  const train = viewOf(ctx, id);
  const history = listAudit(ctx.db, 'train', String(id)).map((e) => ({
    id: e.id,
    at: e.at,
    actor: e.actor,
    action: e.action,
    summary: e.summary,
  }));
  return { train, history };
}

/** Plans new trains on the free cadence slots. The first plan of a database anchors the cadence on `from`. */
export function planTrainsService(ctx: ServiceContext, req: ParsedInput<'trains.plan'>): TrainView[] {
  const settings = readSettings(ctx.db);
  let cadence = settings.cadence;
  if (cadence.anchorDate === null) {
    const anchored: Cadence = { ...cadence, anchorDate: req.from };
    writeSetting(ctx.db, 'cadence', anchored);
    auditCalendar(
      ctx,
      'settings.update',
      'settings',
      'cadence',
      `Anchored the cadence on ${formatDay(req.from, { weekday: true })}`,
      cadence,
      anchored,
    );
    cadence = anchored;
  }
  if (req.from < cadence.anchorDate!) {
    throw new DomainError(
      'rule_violation',
      `Trains are planned from the cadence anchor (${formatDay(cadence.anchorDate!, { weekday: true })}) on; to plan earlier, move the anchor in Settings.`,
      [{ field: 'from', message: `Choose a day on or after ${formatDay(cadence.anchorDate!)}.` }],
    );
  }
  const planned = planTrains(cadence as Cadence & { anchorDate: Day }, settings.template, {
    from: req.from,
    ...(req.count !== undefined ? { count: req.count } : {}),
    ...(req.through !== undefined ? { through: req.through } : {}),
    takenSlots: takenSlots(ctx.db),
  });
  // A count is only ever cut short by the end of the supported days.
  if (req.count !== undefined && planned.length === 0) {
    throw new DomainError(
      'rule_violation',
      `No free cadence slot starts between ${formatDay(req.from)} and ${formatDay(LAST_SUPPORTED_DAY)}, the last day the calendar supports (${SUPPORTED_DAYS_TEXT}); plan from an earlier day.`,
      [{ field: 'from', message: `Choose a day well before ${formatDay(LAST_SUPPORTED_DAY)}.` }],
    );
  }
  const at = ctx.now().toISOString();
  const ids = planned.map((t) => {
    const clash = findTrainByVersion(ctx.db, t.version);
    if (clash) {
      throw new DomainError(
        'conflict',
        `Version ${t.version} is already used by the train starting ${formatDay(clash.start)}; rename that train, or change the version pattern in Settings.`,
      );
    }
    const id = insertTrain(ctx.db, t, at);
    auditCalendar(
      ctx,
      'train.plan',
      'train',
      String(id),
      `Planned ${t.version} (${formatRange(t.start, t.end)})`,
      undefined,
      {
        version: t.version,
        start: t.start,
      },
    );
    return id;
  });
  return views(
    ctx,
    ids.map((id) => mustFindTrain(ctx, id)),
  );
}

function assertNotStarted(ctx: ServiceContext, t: Train, what: string): void {
  const today = ctx.today();
  if (t.start <= today) {
    throw new DomainError(
      'rule_violation',
      `${t.version} started on ${formatDay(t.start)}; only trains that have not started can be ${what}.`,
    );
  }
}

const STARTED_STATES: readonly StepState[] = ['released', 'in_progress', 'failed', 'rolled_back', 'skipped'];

/** What a train's rollout has done so far ("3 deployments released, 1 in progress"); null while every step is pending. */
function rolloutSoFar(ctx: ServiceContext, trainId: number): { words: string; finished: boolean } | null {
  const steps = trainSteps(ctx.db, trainId);
  const counts = STARTED_STATES.flatMap((state) => {
    const n = steps.filter((s) => s.state === state).length;
    return n > 0 ? [{ n, state: state.replace('_', ' ') }] : [];
  });
  if (counts.length === 0) return null;
  return {
    words: counts
      .map((c, i) => (i === 0 ? `${c.n} deployment${c.n === 1 ? '' : 's'} ${c.state}` : `${c.n} ${c.state}`))
      .join(', '),
    finished: steps.every((s) => isFinished(s.state)),
  };
}

/**
 * A train whose rollout has started (any step left pending, whatever its dates) keeps its days:
 * its waves happened, or are happening, on them. Halting is how a started train stops.
 */
function assertRolloutNotStarted(ctx: ServiceContext, t: Train, refusal: string): void {
  const progress = rolloutSoFar(ctx, t.id);
  if (progress)
    throw new DomainError('rule_violation', `${t.version} has started rolling out (${progress.words}); ${refusal}`);
}

/**
 * Refuses an edit of a train made from a page that read it at another revision: someone changed
 * it since. A notes edit whose train last changed by its notes says so in those words.
 */
function checkTrainRevision(
  ctx: ServiceContext,
  train: Train,
  expected: number | undefined,
  edit: 'notes' | 'rename' | 'move',
): void {
  if (expected === undefined || expected === train.revision) return;
  const event = lastTrainChange(ctx, train.id);
  const action =
    event?.action === 'undo' ? (event.after as { undoneAction?: string } | undefined)?.undoneAction : event?.action;
  const edited: Edited =
    edit === 'notes' && action === 'train.notes'
      ? {
          subject: `${train.version}'s release notes`,
          verb: 'were',
          pronoun: 'them',
          again: 'edit',
          lastChange: () => event && { actor: event.actor, at: event.at },
        }
      : {
          subject: train.version,
          verb: 'was',
          pronoun: 'it',
          again: { notes: 'edit its release notes', rename: 'rename it', move: 'move it' }[edit],
          lastChange: () => lastChangeOf(event),
        };
  checkRevision(ctx, expected, train.revision, edited);
}

/** Moves a train that has not started (and, with `shiftLater`, every later train that has not started) by the same number of days. */
export function moveTrain(
  ctx: ServiceContext,
  id: number,
  start: Day,
  shiftLater: boolean,
  expectedRevision?: number,
): TrainView[] {
  const train = mustFindTrain(ctx, id);
  checkTrainRevision(ctx, train, expectedRevision, 'move');
  if (train.state !== 'active')
    throw new DomainError('rule_violation', `${train.version} is ${train.state}; reinstate it before moving it.`);
  assertRolloutNotStarted(ctx, train, 'it cannot be moved. Halt it instead if it must stop.');
  assertNotStarted(ctx, train, 'moved');
  const today = ctx.today();
  if (start <= today) {
    throw new DomainError('rule_violation', `A train can only be moved to start after today (${formatDay(today)}).`, [
      { field: 'start', message: 'Choose a day after today.' },
    ]);
  }
  const delta = daysBetween(train.start, start);
  if (delta === 0) return [viewOf(ctx, id)];
  const later = shiftLater
    ? listTrains(ctx.db, train.start).filter(
        (t) => t.id !== id && t.start > train.start && t.start > today && t.state === 'active',
      )
    : [];
  for (const t of later)
    assertRolloutNotStarted(
      ctx,
      t,
      `it cannot be moved with ${train.version}. Move ${train.version} without shifting the later trains.`,
    );
  const moved = [train, ...later];
  const pastEnd = moved.find((t) => addDays(t.start, delta) > LAST_SUPPORTED_DAY);
  if (pastEnd) {
    throw new DomainError(
      'rule_violation',
      `Moving ${train.version} to ${formatDay(start)} would make ${pastEnd.version} start after ${formatDay(LAST_SUPPORTED_DAY)}, the last day the calendar supports; move it less far, or without shifting the later trains.`,
      [{ field: 'start', message: `Choose an earlier day.` }],
    );
  }
  const at = ctx.now().toISOString();
  const direction =
    delta > 0 ? `${delta} day${delta === 1 ? '' : 's'} later` : `${-delta} day${delta === -1 ? '' : 's'} earlier`;
  // Each event names every train the move shifted, so that undo puts them all back.
  const moves = moved.map((t) => ({ id: t.id, from: t.start, to: addDays(t.start, delta) }));
  for (const t of moved) {
    const next = shiftTrain(t, delta);
    relayTrain(ctx.db, t.id, next.start, next.end, next.phases, at);
    const why = t.id === id ? '' : ` with ${train.version}`;
    auditCalendar(
      ctx,
      'train.move',
      'train',
      String(t.id),
      `Moved ${t.version} ${direction}${why}: now ${formatRange(next.start, next.end)}`,
      { start: t.start },
      { start: next.start, moves },
    );
  }
  followCalendar(
    ctx,
    { trainIds: moved.map((t) => t.id) },
    {
      change: `Moving ${train.version} ${direction}`,
      because: (t) => (t.id === id ? `it moved ${direction}` : `it moved ${direction} with ${train.version}`),
      instead: 'choose another day',
    },
  );
  return views(
    ctx,
    moved.map((t) => mustFindTrain(ctx, t.id)),
  );
}

function setState(ctx: ServiceContext, id: number, state: 'skipped' | 'cancelled', reason: string): TrainView {
  const train = mustFindTrain(ctx, id);
  if (train.state === state) throw new DomainError('rule_violation', `${train.version} is already ${state}.`);
  if (train.state !== 'active')
    throw new DomainError('rule_violation', `${train.version} is ${train.state}; reinstate it first.`);
  if (ctx.today() > train.end)
    throw new DomainError('rule_violation', `${train.version} is completed; a finished train cannot be ${state}.`);
  if (state === 'skipped') {
    assertRolloutNotStarted(ctx, train, 'it cannot be skipped. Halt it instead if it must stop.');
    assertNotStarted(ctx, train, 'skipped (cancel it instead)');
  } else {
    // A train under way is cancelled only once halted: the halt records why it stopped and where.
    const progress = rolloutSoFar(ctx, id);
    if (progress?.finished)
      throw new DomainError(
        'rule_violation',
        `${train.version} has finished rolling out (${progress.words}); a finished train cannot be cancelled.`,
      );
    if (progress && !trainHalts(ctx.db, id).some((h) => h.resumedAt === null))
      throw new DomainError(
        'rule_violation',
        `${train.version} has started rolling out (${progress.words}); it can be cancelled only while halted. Halt it first, then cancel it if it must not finish.`,
      );
  }
  updateTrainFields(ctx.db, id, { state, stateReason: reason }, ctx.now().toISOString());
  auditCalendar(
    ctx,
    `train.${state === 'skipped' ? 'skip' : 'cancel'}`,
    'train',
    String(id),
    `${state === 'skipped' ? 'Skipped' : 'Cancelled'} ${train.version}: ${reason}`,
    { state: train.state },
    { state, reason },
  );
  // Its plan leaves the history of the trains after it.
  refreshUnstartedPlans(ctx, {
    change: `${state === 'skipped' ? 'Skipping' : 'Cancelling'} ${train.version}`,
    because: `${train.version} was ${state}, so its rollout no longer counts in the turns`,
    after: train.start,
  });
  return viewOf(ctx, id);
}

export const skipTrain = (ctx: ServiceContext, id: number, reason: string) => setState(ctx, id, 'skipped', reason);
export const cancelTrain = (ctx: ServiceContext, id: number, reason: string) => setState(ctx, id, 'cancelled', reason);

export function reinstateTrain(ctx: ServiceContext, id: number): TrainView {
  const train = mustFindTrain(ctx, id);
  if (train.state === 'active')
    throw new DomainError('rule_violation', `${train.version} is not skipped or cancelled.`);
  updateTrainFields(ctx.db, id, { state: 'active', stateReason: null }, ctx.now().toISOString());
  auditCalendar(
    ctx,
    'train.reinstate',
    'train',
    String(id),
    `Reinstated ${train.version}`,
    { state: train.state, reason: train.stateReason },
    { state: 'active' },
  );
  followCalendar(
    ctx,
    { trainIds: [id] },
    {
      change: `Reinstating ${train.version}`,
      because: `the calendar changed while it was ${train.state}`,
      instead: 'change the calendar first',
    },
  );
  // Its own plan, and its place in the history of the trains after it.
  refreshUnstartedPlans(ctx, {
    change: `Reinstating ${train.version}`,
    because: `${train.version} was reinstated, so its rollout counts in the turns again`,
    after: addDays(train.start, -1),
  });
  return viewOf(ctx, id);
}

export function renameTrain(ctx: ServiceContext, id: number, version: string, expectedRevision?: number): TrainView {
  const train = mustFindTrain(ctx, id);
  if (train.version === version) return viewOf(ctx, id);
  checkTrainRevision(ctx, train, expectedRevision, 'rename');
  mustKeepVersion(ctx, train, version);
  const clash = findTrainByVersion(ctx.db, version);
  if (clash) {
    throw new DomainError(
      'conflict',
      `Version ${version} is already used by the train starting ${formatDay(clash.start)}.`,
      [{ field: 'version', message: `${version} is already used.` }],
    );
  }
  updateTrainFields(ctx.db, id, { version }, ctx.now().toISOString());
  auditCalendar(
    ctx,
    'train.rename',
    'train',
    String(id),
    `Renamed ${train.version} to ${version}`,
    { version: train.version },
    { version },
  );
  return viewOf(ctx, id);
}

export function setTrainNotes(ctx: ServiceContext, id: number, notes: string, expectedRevision?: number): TrainView {
  const train = mustFindTrain(ctx, id);
  // Someone else wrote the very same notes: nothing would be overwritten.
  if (train.notes === notes) return viewOf(ctx, id);
  checkTrainRevision(ctx, train, expectedRevision, 'notes');
  updateTrainFields(ctx.db, id, { notes }, ctx.now().toISOString());
  auditCalendar(
    ctx,
    'train.notes',
    'train',
    String(id),
    `Edited the release notes of ${train.version}`,
    { notes: train.notes },
    { notes },
  );
  return viewOf(ctx, id);
}

/** A holiday or a freeze, as its change is audited and explained. */
interface CalendarRule {
  kind: 'holiday' | 'freeze';
  key: string;
  name: string;
  /** Its day or days, as people read them. */
  when: string;
  days: { from: Day; to: Day };
}

function holidayRule(h: Holiday): CalendarRule {
  return {
    kind: 'holiday',
    key: h.date,
    name: h.name,
    when: formatDay(h.date, { weekday: true }),
    days: { from: h.date, to: h.date },
  };
}

function freezeRule(f: Freeze): CalendarRule {
  return {
    kind: 'freeze',
    key: String(f.id),
    name: f.name,
    when: formatRange(f.start, f.end),
    days: { from: f.start, to: f.end },
  };
}

/** A holiday or freeze added (`after`) or removed (`before`): audited, then the trains on its days follow. */
function ruleChanged(ctx: ServiceContext, rule: CalendarRule, change: { before?: unknown; after?: unknown }): void {
  const added = change.before === undefined;
  const [done, doing] = added ? ['Added', 'Adding'] : ['Removed', 'Removing'];
  auditCalendar(
    ctx,
    `${rule.kind}.${added ? 'add' : 'remove'}`,
    rule.kind,
    rule.key,
    `${done} ${rule.kind} ${rule.name} (${rule.when})`,
    change.before,
    change.after,
  );
  followCalendar(ctx, rule.days, {
    change: `${doing} the ${rule.kind} ${rule.name} (${rule.when})`,
    because: `its release days moved (${rule.kind} '${rule.name}' ${added ? 'added' : 'removed'})`,
  });
}

export function addHoliday(ctx: ServiceContext, h: Holiday): Holiday {
  const existing = findHoliday(ctx.db, h.date);
  if (existing) {
    throw new DomainError(
      'conflict',
      `${formatDay(h.date, { weekday: true })} is already a holiday (${existing.name}).`,
      [{ field: 'date', message: `Already a holiday: ${existing.name}.` }],
    );
  }
  insertHoliday(ctx.db, h);
  ruleChanged(ctx, holidayRule(h), { after: h });
  return h;
}

export function removeHoliday(ctx: ServiceContext, date: Day): Holiday {
  const h = findHoliday(ctx.db, date);
  if (!h) throw new DomainError('not_found', `${formatDay(date, { weekday: true })} is not a holiday.`);
  deleteHoliday(ctx.db, date);
  ruleChanged(ctx, holidayRule(h), { before: h });
  return h;
}

export function addFreeze(ctx: ServiceContext, f: FreezeDraft): Freeze {
  const id = insertFreeze(ctx.db, f);
  const freeze = { id, ...f };
  ruleChanged(ctx, freezeRule(freeze), { after: freeze });
  return freeze;
}

export function removeFreeze(ctx: ServiceContext, id: number): Freeze {
  const f = findFreeze(ctx.db, id);
  if (!f) throw new DomainError('not_found', `No freeze has the id ${id}; list them with "freezes list".`);
  deleteFreeze(ctx.db, id);
  ruleChanged(ctx, freezeRule(f), { before: f });
  return f;
}

/** Stores a setting that was given and differs, with its audit event; says whether it did. */
function changeSetting<T>(
  ctx: ServiceContext,
  key: 'cadence' | 'working_days' | 'template',
  before: T,
  after: T | undefined,
  summary: (value: T) => string,
): boolean {
  if (after === undefined || JSON.stringify(after) === JSON.stringify(before)) return false;
  writeSetting(ctx.db, key, after);
  auditCalendar(ctx, 'settings.update', 'settings', key, summary(after), before, after);
  return true;
}

export function updateSettings(ctx: ServiceContext, changes: ParsedInput<'settings.update'>): Settings {
  const before = readSettings(ctx.db);
  checkRevision(ctx, changes.expectedRevision, before.revision, {
    subject: 'The calendar settings',
    verb: 'were',
    pronoun: 'them',
    again: 'save your changes',
    lastChange: () => lastChangeOf(latestChange(ctx.db, 'settings', CALENDAR_SETTINGS, ['settings.update'])),
  });
  changeSetting(
    ctx,
    'cadence',
    before.cadence,
    changes.cadence,
    (c) => `Changed the cadence to every ${c.lengthDays} days, versions ${c.versionPattern}`,
  );
  const workingDaysChanged = changeSetting(
    ctx,
    'working_days',
    before.workingDays,
    changes.workingDays,
    () => 'Changed the working days',
  );
  const templateChanged = changeSetting(
    ctx,
    'template',
    before.template,
    changes.template,
    (t) => `Changed the lifecycle template (${templateLength(t)} days)`,
  );
  const relaid = new Set<number>();
  if (templateChanged && changes.template && changes.applyToPlanned) {
    const today = ctx.today();
    const at = ctx.now().toISOString();
    for (const t of listTrains(ctx.db, addDays(today, 1))) {
      // A train whose rollout has started keeps its phases, as one that has started by its dates does.
      if (t.start <= today || t.state !== 'active' || rolloutSoFar(ctx, t.id)) continue;
      const phases = phasesFrom(changes.template, t.start);
      relayTrain(ctx.db, t.id, t.start, phases.at(-1)!.end, phases, at);
      relaid.add(t.id);
      auditCalendar(
        ctx,
        'train.relay',
        'train',
        String(t.id),
        `Re-laid ${t.version} on the new lifecycle template`,
        undefined,
        undefined,
      );
    }
  }
  if (workingDaysChanged || relaid.size > 0) {
    const what = [workingDaysChanged ? 'the working days' : '', relaid.size > 0 ? 'the lifecycle template' : '']
      .filter(Boolean)
      .join(' and ');
    followCalendar(ctx, workingDaysChanged ? {} : { trainIds: [...relaid] }, {
      change: `Changing ${what}`,
      because: (t) =>
        relaid.has(t.id)
          ? `it was re-laid on the new lifecycle template${workingDaysChanged ? ' and the working days changed' : ''}`
          : 'its release days moved (the working days changed)',
      instead:
        relaid.size > 0
          ? 'choose other settings, or keep the planned trains on their template'
          : 'choose other working days',
    });
  }
  return readSettings(ctx.db);
}
