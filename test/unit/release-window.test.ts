import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { deploymentDraftSchema } from '../../shared/deployment';
import { type FieldError, fieldErrorsFromZod } from '../../shared/errors';
import { parseReleaseWindowText, releaseWindowText } from '../../shared/release-window';

// A deployment's local release window, as the API takes it: both times or null, HH:MM on a
// 24-hour clock, ending after it starts; each refusal says what is wrong and what to write.

const draft = { key: 'eu-central-1', name: 'EU Central 1', region: 'eu-central', timeZone: 'Europe/Berlin' };

function draftErrors(releaseWindow: unknown): FieldError[] {
  const r = deploymentDraftSchema.safeParse({ ...draft, releaseWindow });
  return r.success ? [] : fieldErrorsFromZod(r.error);
}

describe('release window schema', () => {
  it('is none unless given, and keeps a window as given (spaces trimmed)', () => {
    expect(deploymentDraftSchema.parse(draft).releaseWindow).toBeNull();
    expect(deploymentDraftSchema.parse({ ...draft, releaseWindow: null }).releaseWindow).toBeNull();
    expect(deploymentDraftSchema.parse({ ...draft, releaseWindow: { start: ' 09:00', end: '23:59 ' } })).toMatchObject({
      releaseWindow: { start: '09:00', end: '23:59' },
    });
  });

  it('refuses a window that ends when or before it starts, naming both times', () => {
    expect(draftErrors({ start: '09:00', end: '08:00' })).toEqual([
      {
        field: 'releaseWindow.end',
        message:
          'The release window must end after it starts (09:00–08:00); give an end later than the start, on the same day.',
      },
    ]);
    expect(draftErrors({ start: '09:00', end: '09:00' })[0]?.message).toMatch(
      /must end after it starts \(09:00–09:00\)/,
    );
  });

  it('refuses times that are not HH:MM on a 24-hour clock, and a missing one, on that time', () => {
    expect(draftErrors({ start: '9:00', end: '24:00' })).toEqual([
      {
        field: 'releaseWindow.start',
        message: `"9:00" is not a time of day; write the window's start as HH:MM on a 24-hour clock, e.g. 09:00.`,
      },
      {
        field: 'releaseWindow.end',
        message: `"24:00" is not a time of day; write the window's end as HH:MM on a 24-hour clock, e.g. 17:30.`,
      },
    ]);
    expect(draftErrors({ start: '', end: '11:00' })).toEqual([
      {
        field: 'releaseWindow.start',
        message:
          'Give the time the release window starts (HH:MM, 24-hour, e.g. 09:00), or clear both times for no window.',
      },
    ]);
    expect(draftErrors({ start: '09:00' })).toEqual([
      {
        field: 'releaseWindow.end',
        message:
          'Give the time the release window ends (HH:MM, 24-hour, e.g. 11:00), or clear both times for no window.',
      },
    ]);
  });

  it('does not echo long text back', () => {
    expect(draftErrors({ start: 'x'.repeat(500), end: '11:00' })).toEqual([
      { field: 'releaseWindow.start', message: "Write the window's start as HH:MM on a 24-hour clock, e.g. 09:00." },
    ]);
  });

  it('refuses anything but an object of two times or null, and extra keys', () => {
    expect(draftErrors('09:00-11:00')).toEqual([
      {
        field: 'releaseWindow',
        message:
          'The release window is a start and an end time, e.g. { "start": "09:00", "end": "11:00" }, or null for none.',
      },
    ]);
    expect(draftErrors({ start: '09:00', end: '11:00', zone: 'UTC' })).toHaveLength(1);
  });

  it('changes through deployments.update, where null removes it', () => {
    const update = contract['deployments.update'].input;
    expect(update.parse({ key: 'eu-central-1', changes: { releaseWindow: null } }).changes).toEqual({
      releaseWindow: null,
    });
    const r = update.safeParse({ key: 'eu-central-1', changes: { releaseWindow: { start: '11:00', end: '10:00' } } });
    expect(r.success ? [] : fieldErrorsFromZod(r.error).map((f) => f.field)).toEqual(['changes.releaseWindow.end']);
  });
});

describe('release window as text (fleet CSV, CLI)', () => {
  it('reads start-end with a hyphen or an en dash, empty or none as no window, and anything else as not a window', () => {
    expect(parseReleaseWindowText('09:00-11:00')).toEqual({ start: '09:00', end: '11:00' });
    expect(parseReleaseWindowText(' 09:00 – 11:00 ')).toEqual({ start: '09:00', end: '11:00' });
    expect(parseReleaseWindowText('9-11')).toEqual({ start: '9', end: '11' });
    expect(parseReleaseWindowText('')).toBeNull();
    expect(parseReleaseWindowText('NONE')).toBeNull();
    expect(parseReleaseWindowText('09:00 to 11:00')).toBeUndefined();
    expect(parseReleaseWindowText('09:00-10:00-11:00')).toBeUndefined();
  });

  it('writes a window as start-end and none as empty', () => {
    expect(releaseWindowText({ start: '06:15', end: '07:45' })).toBe('06:15-07:45');
    expect(releaseWindowText(null)).toBe('');
  });
});
