import { z } from 'zod';

// A deployment's local release window: the wall-clock hours, in its own time zone, in which its
// releases go out (say 09:00–11:00 Europe/Berlin). Optional: without one a release day is a day.
// The window lies within one day (it ends after it starts), so a wave's day and the window make
// one timed event in the deployment's iCalendar feed (shared/export/ics.ts).

/** `HH:MM` on a 24-hour clock, 00:00 to 23:59. */
export type TimeOfDay = string;

export interface ReleaseWindow {
  start: TimeOfDay;
  end: TimeOfDay;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isTimeOfDay(text: string): boolean {
  return TIME_OF_DAY.test(text);
}

const SHAPE_MESSAGE =
  'The release window is a start and an end time, e.g. { "start": "09:00", "end": "11:00" }, or null for none.';

function timeOfDaySchema(which: 'start' | 'end') {
  const missing =
    which === 'start'
      ? 'Give the time the release window starts (HH:MM, 24-hour, e.g. 09:00), or clear both times for no window.'
      : 'Give the time the release window ends (HH:MM, 24-hour, e.g. 11:00), or clear both times for no window.';
  return (
    z
      .string({ error: missing })
      .trim()
      .min(1, { error: missing, abort: true })
      // Long text is not echoed back.
      .max(20, { error: `Write the window's ${which} as HH:MM on a 24-hour clock, e.g. 09:00.`, abort: true })
      .refine(isTimeOfDay, {
        error: (issue) =>
          `"${String(issue.input)}" is not a time of day; write the window's ${which} as HH:MM on a 24-hour clock, e.g. ${which === 'start' ? '09:00' : '17:30'}.`,
      })
  );
}

/** The checks across the two times; zod runs it even when one failed, whose own message is the one to show then. */
function checkOrder(w: ReleaseWindow, ctx: z.RefinementCtx): void {
  if (!isTimeOfDay(w.start) || !isTimeOfDay(w.end) || w.end > w.start) return;
  ctx.addIssue({
    code: 'custom',
    path: ['end'],
    message: `The release window must end after it starts (${w.start}–${w.end}); give an end later than the start, on the same day.`,
  });
}

/** A window, or null for none (releases are then all-day). */
export const releaseWindowSchema = z
  .object({ start: timeOfDaySchema('start'), end: timeOfDaySchema('end') }, { error: SHAPE_MESSAGE })
  .strict()
  .superRefine(checkOrder)
  .nullable();

/** `09:00-11:00`, as the fleet CSV and the CLI write it; empty for none. */
export function releaseWindowText(w: ReleaseWindow | null): string {
  return w ? `${w.start}-${w.end}` : '';
}

/** "09:00–11:00", as people read it. */
export function formatReleaseWindow(w: ReleaseWindow): string {
  return `${w.start}–${w.end}`;
}

/**
 * Reads `09:00-11:00` (a hyphen or an en dash, spaces allowed around it) into its two times,
 * unchecked: the schema says what is wrong with them. Empty text, or `none`, is no window;
 * undefined when the text is not two parts at all.
 */
export function parseReleaseWindowText(text: string): { start: string; end: string } | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'none') return null;
  const parts = /^([^-–]*?)\s*[-–]\s*([^-–]*)$/.exec(trimmed);
  if (!parts) return undefined;
  return { start: parts[1]!, end: parts[2]! };
}

/** What to write when the text is not a window at all; names how it is written. */
export function releaseWindowTextProblem(text: string): string {
  return `"${text}" is not a release window; write its start and end as 24-hour times joined by a hyphen, e.g. 09:00-11:00, or leave it empty for none.`;
}
