import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../shared/deployment';
import {
  EMPTY_FORM,
  changedFields,
  draftInput,
  formValuesOf,
  splitServerErrors,
  validateForm,
} from '../../renderer/src/views/fleet/deployment-form-model';

const usEast3: Deployment = {
  key: 'us-east-3',
  name: 'US East 3',
  region: 'us-east',
  timeZone: 'America/New_York',
  tier: 'standard',
  weight: 22_400,
  pairingGroup: null,
  pinPolicy: 'none',
  internal: false,
  earlyOptOut: false,
  releaseWindow: null,
  status: 'active',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  retiredAt: null,
  blockedDates: [],
};

describe('deployment form model', () => {
  it('reads weights written with thousands separators', () => {
    expect(draftInput({ ...EMPTY_FORM, weight: '48,200' }).weight).toBe(48_200);
    expect(draftInput({ ...EMPTY_FORM, weight: '48 200' }).weight).toBe(48_200);
    expect(Number.isNaN(draftInput({ ...EMPTY_FORM, weight: 'lots' }).weight)).toBe(true);
  });

  it('shows one message per field, from the same schema the backend applies', () => {
    const errors = validateForm({ ...EMPTY_FORM, key: 'US East', timeZone: 'Mars/Olympus', weight: '1.5' });
    expect(errors.key).toMatch(/lowercase letters/);
    expect(errors.name).toBe('Name is required.');
    expect(errors.timeZone).toMatch(/not an IANA time zone/);
    expect(errors.weight).toMatch(/whole number/);
    expect(validateForm(formValuesOf(usEast3))).toEqual({});
  });

  it('catches the internal deployment pinned late while editing, before Save', () => {
    const errors = validateForm({ ...formValuesOf(usEast3), internal: true, pinPolicy: 'late' });
    expect(errors.pinPolicy).toMatch(/cannot be pinned late/);
  });

  it('catches the internal deployment opting out of early waves, on the opt-out checkbox', () => {
    const errors = validateForm({ ...formValuesOf(usEast3), internal: true, earlyOptOut: true });
    expect(errors).toEqual({
      earlyOptOut: 'The internal deployment always receives a release first, so it cannot opt out of early waves.',
    });
  });

  it('sends the opt-out when it changed, and a server refusal about it lands under the checkbox', () => {
    expect(changedFields(usEast3, { ...formValuesOf(usEast3), earlyOptOut: true })).toEqual({ earlyOptOut: true });
    expect(draftInput({ ...EMPTY_FORM, earlyOptOut: true }).earlyOptOut).toBe(true);
    expect(splitServerErrors([{ field: 'changes.earlyOptOut', message: 'No.' }]).byField).toEqual({
      earlyOptOut: 'No.',
    });
  });

  it('sends only the fields whose meaning changed', () => {
    const values = formValuesOf(usEast3);
    expect(changedFields(usEast3, { ...values, name: '  US East 3 ', pairingGroup: ' ' })).toEqual({});
    expect(changedFields(usEast3, { ...values, name: 'US East 3 (Virginia)', weight: '22,500' })).toEqual({
      name: 'US East 3 (Virginia)',
      weight: 22_500,
    });
  });

  it('reads two empty time boxes as no window, and puts each window message under its time box', () => {
    expect(draftInput(EMPTY_FORM).releaseWindow).toBeNull();
    expect(draftInput({ ...EMPTY_FORM, releaseWindowStart: '09:00', releaseWindowEnd: '11:00' }).releaseWindow).toEqual(
      { start: '09:00', end: '11:00' },
    );
    const values = formValuesOf(usEast3);
    expect(validateForm({ ...values, releaseWindowStart: '09:00', releaseWindowEnd: '08:00' })).toEqual({
      releaseWindowEnd:
        'The release window must end after it starts (09:00–08:00); give an end later than the start, on the same day.',
    });
    expect(validateForm({ ...values, releaseWindowStart: '', releaseWindowEnd: '11:00' })).toEqual({
      releaseWindowStart:
        'Give the time the release window starts (HH:MM, 24-hour, e.g. 09:00), or clear both times for no window.',
    });
    expect(splitServerErrors([{ field: 'changes.releaseWindow.end', message: 'Later.' }])).toEqual({
      byField: { releaseWindowEnd: 'Later.' },
      unplaced: [],
    });
    expect(splitServerErrors([{ field: 'toString', message: 'Not a field.' }]).unplaced).toHaveLength(1);
  });

  it('sends the window when it changed, by value, and null when both boxes are emptied', () => {
    const withWindow = { ...usEast3, releaseWindow: { start: '09:00', end: '11:00' } };
    const values = formValuesOf(withWindow);
    expect([values.releaseWindowStart, values.releaseWindowEnd]).toEqual(['09:00', '11:00']);
    expect(changedFields(withWindow, values)).toEqual({});
    expect(changedFields(withWindow, { ...values, releaseWindowEnd: '10:30' })).toEqual({
      releaseWindow: { start: '09:00', end: '10:30' },
    });
    expect(changedFields(withWindow, { ...values, releaseWindowStart: '', releaseWindowEnd: '' })).toEqual({
      releaseWindow: null,
    });
    expect(changedFields(usEast3, formValuesOf(usEast3))).toEqual({});
  });

  it('places server errors under their fields, including changes.<field> from edits', () => {
    const { byField, unplaced } = splitServerErrors([
      { field: 'changes.internal', message: 'internal-us is already the internal deployment.' },
      { field: 'key', message: 'already used' },
      { field: 'csv', message: 'not a form field' },
    ]);
    expect(byField).toEqual({ internal: 'internal-us is already the internal deployment.', key: 'already used' });
    expect(unplaced).toEqual([{ field: 'csv', message: 'not a form field' }]);
  });
});
