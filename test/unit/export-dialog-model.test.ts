import { describe, expect, it } from 'vitest';
import { FILE_FORMATS, exportSaveRequestSchema } from '../../shared/export/formats';
import {
  FORMAT_CHOICES,
  actionLabel,
  buildRequest,
  initialForm,
  quarterOf,
} from '../../renderer/src/views/export/export-model';

describe('Export dialog model', () => {
  it('opens on the calendar feed of everything, or on the printable plan of the train it came from', () => {
    expect(initialForm({ kind: 'all' }, '2027-05-20')).toEqual({
      what: 'all',
      trainId: null,
      key: '',
      from: '2027-04-01',
      to: '2027-06-30',
      format: 'ics',
      bom: false,
      paper: 'a4',
    });
    expect(initialForm({ kind: 'train', trainId: 7 }, '2027-05-20')).toMatchObject({
      what: 'train',
      trainId: 7,
      format: 'pdf',
    });
  });

  it('offers the quarter of today as the date range', () => {
    expect(quarterOf('2027-01-01')).toEqual({ from: '2027-01-01', to: '2027-03-31' });
    expect(quarterOf('2027-03-31')).toEqual({ from: '2027-01-01', to: '2027-03-31' });
    expect(quarterOf('2028-08-15')).toEqual({ from: '2028-07-01', to: '2028-09-30' });
    expect(quarterOf('2027-12-31')).toEqual({ from: '2027-10-01', to: '2027-12-31' });
  });

  it('builds the request the contract accepts, with a BOM only for CSV', () => {
    const base = initialForm({ kind: 'all' }, '2027-05-20');
    for (const format of FILE_FORMATS) {
      const form = { ...base, what: 'train' as const, trainId: 3, format, bom: true, paper: 'letter' as const };
      const built = buildRequest(form);
      expect(built.ok, format).toBe(true);
      if (!built.ok) continue;
      expect(built.options.bom).toBe(format === 'csv');
      const parsed = exportSaveRequestSchema.safeParse({
        selection: built.selection,
        format: built.format,
        options: built.options,
      });
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
    expect(buildRequest({ ...base, what: 'range', from: '2027-04-01', to: '2027-04-30' })).toMatchObject({
      ok: true,
      selection: { kind: 'range', from: '2027-04-01', to: '2027-04-30' },
    });
  });

  it('says what to fix before anything is sent', () => {
    const base = initialForm({ kind: 'all' }, '2027-05-20');
    expect(buildRequest({ ...base, what: 'train' })).toEqual({ ok: false, errors: { train: 'Choose a train.' } });
    expect(buildRequest({ ...base, what: 'deployment' })).toEqual({
      ok: false,
      errors: { deployment: 'Choose a deployment.' },
    });
    expect(buildRequest({ ...base, what: 'range', from: '', to: '2027-02-30' })).toEqual({
      ok: false,
      errors: { from: 'Choose the first day.', to: 'Choose the last day.' },
    });
    expect(buildRequest({ ...base, what: 'range', from: '2027-05-02', to: '2027-05-01' })).toEqual({
      ok: false,
      errors: { to: 'The last day must be on or after the first.' },
    });
    expect(buildRequest({ ...base, format: 'md' })).toEqual({
      ok: false,
      errors: { format: 'A Markdown summary covers one train: choose "A train" above.' },
    });
  });

  it('names the action after what happens: a download, the save dialog, or the print view', () => {
    expect(actionLabel('ics', 'browser')).toBe('Download');
    expect(actionLabel('pdf', 'browser')).toBe('Open print view');
    expect(actionLabel('pdf', 'electron')).toBe('Save…');
    expect(FORMAT_CHOICES.map((c) => c.value).sort()).toEqual([...FILE_FORMATS].sort());
  });
});
