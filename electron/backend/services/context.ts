import type { Db } from '../db/connection';

/** What every service call gets: the database, who acts, and the clock (injected, never read deep inside). */
export interface ServiceContext {
  db: Db;
  actor: string;
  now: () => Date;
}
