import type { Day } from '../../../shared/days';
import type { Db } from '../db/connection';

/** What every service call gets: the database, who acts, and the clock (injected, never read deep inside). */
export interface ServiceContext {
  db: Db;
  actor: string;
  now: () => Date;
  /** The calendar day of `now` where the user is: what "today" means for train status. */
  today: () => Day;
  /** The calendar day of an instant where the user is (when a wave's last release happened, for its bake). */
  dayOf: (instant: Date) => Day;
}
