import type { CalendarRange, Settings, TrainDetail } from '../../../shared/contract';
import { type Cadence, type LifecycleTemplate, phasesFrom, planTrains, templateLength } from '../../../shared/cadence';
import { type Day, addDays, daysBetween, formatDay, formatRange } from '../../../shared/days';
import { DomainError } from '../../../shared/errors';
import type { Freeze, FreezeDraft, Holiday } from '../../../shared/schedule';
import type { Train, TrainView } from '../../../shared/train';
import { appendAudit, listAudit } from '../repositories/audit';
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
import {
  findTrainByVersion,
  insertTrain,
  listTrains,
  relayTrain,
  takenSlots,
  updateTrainFields,
} from '../repositories/trains';
import type { ServiceContext } from './context';
import { mustFindTrain, readSettings, viewOf, views } from './train-views';

export { readSettings, viewOf };

function audit(
  ctx: ServiceContext,
  action: string,
  entityType: string,
  entityKey: string,
  summary: string,
  before?: unknown,
  after?: unknown,
): void {
  appendAudit(ctx.db, {
    at: ctx.now().toISOString(),
    actor: ctx.actor,
    action,
    entityType,
    entityKey,
    summary,
    before,
    after,
  });
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

export function listTrainViews(ctx: ServiceContext, from?: Day, to?: Day): TrainView[] {
  return views(ctx, listTrains(ctx.db, from, to));
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
export function planTrainsService(ctx: ServiceContext, req: { from: Day; count?: number; through?: Day }): TrainView[] {
  return ctx.db
    .transaction(() => {
      const settings = readSettings(ctx.db);
      let cadence = settings.cadence;
      if (cadence.anchorDate === null) {
        const anchored: Cadence = { ...cadence, anchorDate: req.from };
        writeSetting(ctx.db, 'cadence', anchored);
        audit(
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
        audit(
          ctx,
          'train.plan',
          'train',
          String(id),
          `Planned ${t.version} (${formatRange(t.start, t.end)})`,
          undefined,
          { version: t.version, start: t.start },
        );
        return id;
      });
      return views(
        ctx,
        ids.map((id) => mustFindTrain(ctx, id)),
      );
    })
    .immediate();
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

function shifted(t: Train, delta: number): { start: Day; end: Day; phases: Train['phases'] } {
  return {
    start: addDays(t.start, delta),
    end: addDays(t.end, delta),
    phases: t.phases.map((p) => ({
      ...p,
      start: addDays(p.start, delta),
      end: addDays(p.end, delta),
      releaseDays: p.releaseDays.map((d) => addDays(d, delta)),
    })),
  };
}

/** Moves a train that has not started (and, with `shiftLater`, every later train that has not started) by the same number of days. */
export function moveTrain(ctx: ServiceContext, id: number, start: Day, shiftLater: boolean): TrainView[] {
  return ctx.db
    .transaction(() => {
      const train = mustFindTrain(ctx, id);
      if (train.state !== 'active')
        throw new DomainError('rule_violation', `${train.version} is ${train.state}; reinstate it before moving it.`);
      assertNotStarted(ctx, train, 'moved');
      const today = ctx.today();
      if (start <= today) {
        throw new DomainError(
          'rule_violation',
          `A train can only be moved to start after today (${formatDay(today)}).`,
          [{ field: 'start', message: 'Choose a day after today.' }],
        );
      }
      const delta = daysBetween(train.start, start);
      if (delta === 0) return [viewOf(ctx, id)];
      const later = shiftLater
        ? listTrains(ctx.db, train.start).filter(
            (t) => t.id !== id && t.start > train.start && t.start > today && t.state === 'active',
          )
        : [];
      const at = ctx.now().toISOString();
      const moved = [train, ...later];
      for (const t of moved) {
        const next = shifted(t, delta);
        relayTrain(ctx.db, t.id, next.start, next.end, next.phases, at);
        const direction =
          delta > 0 ? `${delta} day${delta === 1 ? '' : 's'} later` : `${-delta} day${delta === -1 ? '' : 's'} earlier`;
        const why = t.id === id ? '' : ` with ${train.version}`;
        audit(
          ctx,
          'train.move',
          'train',
          String(t.id),
          `Moved ${t.version} ${direction}${why}: now ${formatRange(next.start, next.end)}`,
          { start: t.start },
          { start: next.start },
        );
      }
      return views(
        ctx,
        moved.map((t) => mustFindTrain(ctx, t.id)),
      );
    })
    .immediate();
}

function setState(ctx: ServiceContext, id: number, state: 'skipped' | 'cancelled', reason: string): TrainView {
  return ctx.db
    .transaction(() => {
      const train = mustFindTrain(ctx, id);
      if (train.state === state) throw new DomainError('rule_violation', `${train.version} is already ${state}.`);
      if (train.state !== 'active')
        throw new DomainError('rule_violation', `${train.version} is ${train.state}; reinstate it first.`);
      if (ctx.today() > train.end)
        throw new DomainError('rule_violation', `${train.version} is completed; a finished train cannot be ${state}.`);
      if (state === 'skipped') assertNotStarted(ctx, train, 'skipped (cancel it instead)');
      updateTrainFields(ctx.db, id, { state, stateReason: reason }, ctx.now().toISOString());
      audit(
        ctx,
        `train.${state === 'skipped' ? 'skip' : 'cancel'}`,
        'train',
        String(id),
        `${state === 'skipped' ? 'Skipped' : 'Cancelled'} ${train.version}: ${reason}`,
        { state: train.state },
        { state, reason },
      );
      return viewOf(ctx, id);
    })
    .immediate();
}

export const skipTrain = (ctx: ServiceContext, id: number, reason: string) => setState(ctx, id, 'skipped', reason);
export const cancelTrain = (ctx: ServiceContext, id: number, reason: string) => setState(ctx, id, 'cancelled', reason);

export function reinstateTrain(ctx: ServiceContext, id: number): TrainView {
  return ctx.db
    .transaction(() => {
      const train = mustFindTrain(ctx, id);
      if (train.state === 'active')
        throw new DomainError('rule_violation', `${train.version} is not skipped or cancelled.`);
      updateTrainFields(ctx.db, id, { state: 'active', stateReason: null }, ctx.now().toISOString());
      audit(
        ctx,
        'train.reinstate',
        'train',
        String(id),
        `Reinstated ${train.version}`,
        { state: train.state, reason: train.stateReason },
        { state: 'active' },
      );
      return viewOf(ctx, id);
    })
    .immediate();
}

export function renameTrain(ctx: ServiceContext, id: number, version: string): TrainView {
  return ctx.db
    .transaction(() => {
      const train = mustFindTrain(ctx, id);
      if (train.version === version) return viewOf(ctx, id);
      const clash = findTrainByVersion(ctx.db, version);
      if (clash) {
        throw new DomainError(
          'conflict',
          `Version ${version} is already used by the train starting ${formatDay(clash.start)}.`,
          [{ field: 'version', message: `${version} is already used.` }],
        );
      }
      updateTrainFields(ctx.db, id, { version }, ctx.now().toISOString());
      audit(
        ctx,
        'train.rename',
        'train',
        String(id),
        `Renamed ${train.version} to ${version}`,
        { version: train.version },
        { version },
      );
      return viewOf(ctx, id);
    })
    .immediate();
}

export function setTrainNotes(ctx: ServiceContext, id: number, notes: string): TrainView {
  return ctx.db
    .transaction(() => {
      const train = mustFindTrain(ctx, id);
      if (train.notes === notes) return viewOf(ctx, id);
      updateTrainFields(ctx.db, id, { notes }, ctx.now().toISOString());
      audit(
        ctx,
        'train.notes',
        'train',
        String(id),
        `Edited the release notes of ${train.version}`,
        { notes: train.notes },
        { notes },
      );
      return viewOf(ctx, id);
    })
    .immediate();
}

export function addHoliday(ctx: ServiceContext, h: Holiday): Holiday {
  return ctx.db
    .transaction(() => {
      const existing = findHoliday(ctx.db, h.date);
      if (existing) {
        throw new DomainError(
          'conflict',
          `${formatDay(h.date, { weekday: true })} is already a holiday (${existing.name}).`,
          [{ field: 'date', message: `Already a holiday: ${existing.name}.` }],
        );
      }
      insertHoliday(ctx.db, h);
      audit(
        ctx,
        'holiday.add',
        'holiday',
        h.date,
        `Added holiday ${h.name} (${formatDay(h.date, { weekday: true })})`,
        undefined,
        h,
      );
      return h;
    })
    .immediate();
}

export function removeHoliday(ctx: ServiceContext, date: Day): Holiday {
  return ctx.db
    .transaction(() => {
      const h = findHoliday(ctx.db, date);
      if (!h) throw new DomainError('not_found', `${formatDay(date, { weekday: true })} is not a holiday.`);
      deleteHoliday(ctx.db, date);
      audit(
        ctx,
        'holiday.remove',
        'holiday',
        date,
        `Removed holiday ${h.name} (${formatDay(date, { weekday: true })})`,
        h,
        undefined,
      );
      return h;
    })
    .immediate();
}

export function addFreeze(ctx: ServiceContext, f: FreezeDraft): Freeze {
  return ctx.db
    .transaction(() => {
      const id = insertFreeze(ctx.db, f);
      const freeze = { id, ...f };
      audit(
        ctx,
        'freeze.add',
        'freeze',
        String(id),
        `Added freeze ${f.name} (${formatRange(f.start, f.end)})`,
        undefined,
        freeze,
      );
      return freeze;
    })
    .immediate();
}

export function removeFreeze(ctx: ServiceContext, id: number): Freeze {
  return ctx.db
    .transaction(() => {
      const f = findFreeze(ctx.db, id);
      if (!f) throw new DomainError('not_found', `No freeze has the id ${id}; list them with "freezes list".`);
      deleteFreeze(ctx.db, id);
      audit(
        ctx,
        'freeze.remove',
        'freeze',
        String(id),
        `Removed freeze ${f.name} (${formatRange(f.start, f.end)})`,
        f,
        undefined,
      );
      return f;
    })
    .immediate();
}

export function updateSettings(
  ctx: ServiceContext,
  changes: { cadence?: Cadence; template?: LifecycleTemplate; workingDays?: number[]; applyToPlanned: boolean },
): Settings {
  return ctx.db
    .transaction(() => {
      const before = readSettings(ctx.db);
      if (changes.cadence && JSON.stringify(changes.cadence) !== JSON.stringify(before.cadence)) {
        writeSetting(ctx.db, 'cadence', changes.cadence);
        audit(
          ctx,
          'settings.update',
          'settings',
          'cadence',
          `Changed the cadence to every ${changes.cadence.lengthDays} days, versions ${changes.cadence.versionPattern}`,
          before.cadence,
          changes.cadence,
        );
      }
      if (changes.workingDays && JSON.stringify(changes.workingDays) !== JSON.stringify(before.workingDays)) {
        writeSetting(ctx.db, 'working_days', changes.workingDays);
        audit(
          ctx,
          'settings.update',
          'settings',
          'working_days',
          'Changed the working days',
          before.workingDays,
          changes.workingDays,
        );
      }
      if (changes.template && JSON.stringify(changes.template) !== JSON.stringify(before.template)) {
        writeSetting(ctx.db, 'template', changes.template);
        audit(
          ctx,
          'settings.update',
          'settings',
          'template',
          `Changed the lifecycle template (${templateLength(changes.template)} days)`,
          before.template,
          changes.template,
        );
        if (changes.applyToPlanned) {
          const today = ctx.today();
          const at = ctx.now().toISOString();
          for (const t of listTrains(ctx.db, addDays(today, 1))) {
            if (t.start <= today || t.state !== 'active') continue;
            const phases = phasesFrom(changes.template, t.start);
            relayTrain(ctx.db, t.id, t.start, phases.at(-1)!.end, phases, at);
            audit(
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
      }
      return readSettings(ctx.db);
    })
    .immediate();
}
