import { DomainError } from '../../../shared/errors';
import { formatDay } from '../../../shared/days';
import { type AuditEvent, latestChange } from '../repositories/audit';
import type { ServiceContext } from './context';

// Edits made from what a page read (docs/team-mode.md, "Live updates and conflicts"): the page
// sends the revision it read, and when the stored one has moved on the edit is refused before it
// changes anything, naming who changed the thing and when. A helper, below the feature services.

/** Who last changed a thing and when, as the refusal names them (from its audit trail, or its own row). */
export interface LastChange {
  actor: string;
  /** UTC ISO instant. */
  at: string;
  /** What they did, in their words (the audit summary), when it says more than "changed". */
  summary?: string;
}

/** What a refusal says of the thing edited. */
export interface Edited {
  /** "2027.03's release notes", "The rollout plan of 2027.03". */
  subject: string;
  /** "were" or "was", agreeing with the subject. */
  verb: 'was' | 'were';
  /** How the refusal refers to it again: "them", "it". */
  pronoun: 'it' | 'them';
  /** The thing to do again: "edit", "move", "set the gate". */
  again: string;
  /** Who changed it last; undefined when nothing tells (a change from before revisions were kept). */
  lastChange: () => LastChange | undefined;
}

/** "14:02 UTC", with the day when it was not today (UTC). */
function when(at: string, now: Date): string {
  const time = `${at.slice(11, 16)} UTC`;
  const day = at.slice(0, 10);
  return day === now.toISOString().slice(0, 10) ? time : `${time} on ${formatDay(day, { weekday: true })}`;
}

/** The sentence of a refusal: "<subject> <verb> changed by sam at 14:02 UTC since you opened <pronoun> (…); reload …". */
export function conflictMessage(edited: Edited, change: LastChange | undefined, now: Date): string {
  const by = change ? ` by ${change.actor} at ${when(change.at, now)}` : '';
  const what = change?.summary ? ` (${change.summary.replace(/\.$/, '')})` : '';
  const p = edited.pronoun;
  return `${edited.subject} ${edited.verb} changed${by} since you opened ${p}${what}; reload to see ${p}, then ${edited.again} again.`;
}

/**
 * Refuses with `conflict` when `expected` was given and differs from `stored`; does nothing
 * otherwise (no expectation: the CLI and scripts change whatever is stored).
 */
export function checkRevision(ctx: ServiceContext, expected: number | undefined, stored: number, edited: Edited): void {
  if (expected === undefined || expected === stored) return;
  throw new DomainError('conflict', conflictMessage(edited, edited.lastChange(), ctx.now()));
}

/** The newest audited change of a train's own row (dates, phases, state, version, notes), or of its undo. */
export const TRAIN_ROW_CHANGES = [
  'train.plan',
  'train.move',
  'train.rename',
  'train.notes',
  'train.skip',
  'train.cancel',
  'train.reinstate',
  'train.relay',
] as const;

export function lastChangeOf(event: AuditEvent | undefined): LastChange | undefined {
  return event && { actor: event.actor, at: event.at, summary: event.summary };
}

export function lastTrainChange(ctx: ServiceContext, trainId: number): AuditEvent | undefined {
  return latestChange(ctx.db, 'train', [String(trainId)], TRAIN_ROW_CHANGES);
}
