import type { Day } from '../../../shared/days';
import type { NotificationClock } from '../../../shared/notifications';
import type { Role } from '../../../shared/method-roles';
import type { Db } from '../db/connection';
import { type AuditEventInput, appendAudit } from '../repositories/audit';

/** What every service call gets: the database, who acts, and the clock (injected, never read deep inside). */
export interface ServiceContext {
  db: Db;
  actor: string;
  /**
   * The caller's role on a team server, set by the dispatcher from the signed-in person
   * (`CallOptions.user`). Absent on the desktop app, browser mode and the CLI, whose one caller
   * owns the file: a service that lets a person act on their own things only (revoking a feed)
   * treats an absent role as the owner's.
   */
  role?: Role;
  now: () => Date;
  /** The calendar day of `now` where the user is: what "today" means for train status. */
  today: () => Day;
  /** The calendar day of an instant where the user is (when a wave's last release happened, for its bake). */
  dayOf: (instant: Date) => Day;
  /** The instant a calendar day starts where the user is (when a wave becomes due, a bake in days ends). */
  startOfDay: (day: Day) => Date;
}

/** The clock of the notification rules, from the service's (instants as UTC ISO strings). */
export function notificationClock(ctx: ServiceContext): NotificationClock {
  return {
    now: ctx.now().toISOString(),
    today: ctx.today(),
    dayOf: (instant) => ctx.dayOf(new Date(instant)),
    startOf: (day) => ctx.startOfDay(day).toISOString(),
  };
}

/** Appends the audit event of a change the call's actor makes now (or at `at`), in the call's transaction. */
export function audit(ctx: ServiceContext, event: Omit<AuditEventInput, 'at' | 'actor'> & { at?: string }): void {
  appendAudit(ctx.db, { ...event, at: event.at ?? ctx.now().toISOString(), actor: ctx.actor });
}
