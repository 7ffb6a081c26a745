import { type ReleaseWindow, formatReleaseWindow } from '../../../../shared/release-window';
import { utcOffsetLabel } from '../../../../shared/timezones';

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** Weights and counts with the reader's thousands separators. */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** "UTC-04:00" now, or null for a name Intl does not know (the form is mid-edit). */
export function currentOffset(zone: string, now: Date): string | null {
  try {
    return utcOffsetLabel(zone, now);
  } catch {
    return null;
  }
}

export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** An ISO instant as the reader's calendar date, e.g. "12 Mar 2026". */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** "09:00–11:00 Europe/Berlin": a release window in the zone its times are in. */
export function releaseWindowLabel(window: ReleaseWindow, zone: string): string {
  return `${formatReleaseWindow(window)} ${zone}`;
}
