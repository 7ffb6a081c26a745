import { DEFAULT_CADENCE, DEFAULT_TEMPLATE, cadenceSchema, lifecycleTemplateSchema } from '../../../shared/cadence';
import type { Settings } from '../../../shared/contract';
import type { Day } from '../../../shared/days';
import { DomainError } from '../../../shared/errors';
import { DEFAULT_WORKING_DAYS, RuleBook, workingDaysSchema } from '../../../shared/schedule';
import { type Train, type TrainView, viewTrain } from '../../../shared/train';
import type { Db } from '../db/connection';
import { listFreezes, listHolidays } from '../repositories/rules';
import { readSetting, settingsRevision } from '../repositories/settings';
import { deploymentsReleased } from '../repositories/tracking';
import { findTrain, listTrains } from '../repositories/trains';
import type { ServiceContext } from './context';

// Trains as people see them today, under the calendar rules stored now: the one place
// every service reads train views from (the calendar's changes, the rollout, tracking,
// exports and the audit trail), so none of them imports another for it.

/** The rows of `settings` that `settings.update` changes, whose newest revision is the settings' revision. */
export const CALENDAR_SETTINGS = ['cadence', 'template', 'working_days'] as const;
/** The row of `settings` that holds the rollout policy. */
export const POLICY_SETTING = 'rollout_policy';

export function readSettings(db: Db): Settings {
  return {
    cadence: readSetting(db, 'cadence', cadenceSchema, DEFAULT_CADENCE),
    template: readSetting(db, 'template', lifecycleTemplateSchema, DEFAULT_TEMPLATE),
    workingDays: readSetting(db, 'working_days', workingDaysSchema, DEFAULT_WORKING_DAYS),
    revision: settingsRevision(db, CALENDAR_SETTINGS),
    policyRevision: settingsRevision(db, [POLICY_SETTING]),
  };
}

function ruleBook(db: Db): RuleBook {
  return new RuleBook({
    workingDays: readSettings(db).workingDays,
    holidays: listHolidays(db),
    freezes: listFreezes(db),
  });
}

export function views(ctx: ServiceContext, trains: Train[]): TrainView[] {
  const book = ruleBook(ctx.db);
  const today = ctx.today();
  return trains.map((t) => viewTrain(t, book, today));
}

export function mustFindTrain(ctx: ServiceContext, id: number): Train {
  const t = findTrain(ctx.db, id);
  if (!t) throw new DomainError('not_found', `No train has the id ${id}.`, undefined, { kind: 'list_trains' });
  return t;
}

/** One train as people see it today; not_found when there is no such train. */
export function viewOf(ctx: ServiceContext, id: number): TrainView {
  return views(ctx, [mustFindTrain(ctx, id)])[0]!;
}

/** Every train whose life overlaps the range (all of them without one), in start order. */
export function listTrainViews(ctx: ServiceContext, from?: Day, to?: Day): TrainView[] {
  return views(ctx, listTrains(ctx.db, from, to));
}

/**
 * A released version keeps its name: deployments run it by that name, and the fleet's versions,
 * the audit trail and the exports refer to it. Throws when `train` has released to any deployment.
 */
export function mustKeepVersion(ctx: ServiceContext, train: Pick<Train, 'id' | 'version'>, to: string): void {
  const released = deploymentsReleased(ctx.db, train.id);
  if (released > 0)
    throw new DomainError(
      'rule_violation',
      `${train.version} cannot become ${to}: ${released} deployment${released === 1 ? ' runs' : 's run'} it under that name, and a released version keeps its name. Give the next train the new version instead.`,
      [{ field: 'version', message: `${train.version} is released; its version is fixed.` }],
    );
}
