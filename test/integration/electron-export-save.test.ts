import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createExportSave, type ExportSaveDeps } from '../../electron/main/export-save';
import { registerApiHandlers } from '../../electron/main/ipc';
import { openTestBackend } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('rc-save-');

/** The desktop app's export.save on a real backend with the demo, and Electron's dialog and printToPDF faked. */
async function setUp(answer: { canceled: boolean; filePath?: string }) {
  const dir = tempDir();
  const backend = openTestBackend(dir);
  expect(await backend.dispatch('fleet.loadDemo', {})).toMatchObject({ ok: true });
  const showSaveDialog = vi.fn<ExportSaveDeps['showSaveDialog']>(() => Promise.resolve(answer));
  const printToPdf = vi.fn<ExportSaveDeps['printToPdf']>(() => Promise.resolve(Buffer.from('%PDF-1.7 fake')));
  const log = vi.fn();
  const save = createExportSave({
    dispatch: backend.dispatch,
    showSaveDialog,
    printToPdf,
    defaultFolder: () => '/home/dana/Downloads',
    log,
  });
  return { dir, backend, save, showSaveDialog, printToPdf, log };
}

describe('export.save in the desktop app', () => {
  it('renders, asks where to save with the suggested name and type, and writes the file', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'team.ics');
    const { backend, save, showSaveDialog } = await setUp({ canceled: false, filePath: target });
    try {
      const answer = await save({ selection: { kind: 'all' }, format: 'ics' });
      expect(answer).toEqual({ ok: true, result: { saved: true, path: target, fileName: 'team.ics' } });
      expect(showSaveDialog).toHaveBeenCalledWith({
        title: 'Save the export',
        defaultPath: '/home/dana/Downloads/release-calendar.ics',
        filters: [{ name: 'iCalendar', extensions: ['ics'] }],
      });
      const text = fs.readFileSync(target, 'utf8');
      expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      expect(fs.readdirSync(dir)).toEqual(['team.ics']);
    } finally {
      backend.close();
    }
  });

  it('prints a PDF from the printable HTML of the selection, on the paper asked for', async () => {
    const target = path.join(tempDir(), 'plan.pdf');
    const { backend, save, showSaveDialog, printToPdf } = await setUp({ canceled: false, filePath: target });
    try {
      const trains = await backend.dispatch('trains.list', {});
      const train = (trains as { ok: true; result: { id: number; version: string }[] }).result[0]!;
      const answer = await save({
        selection: { kind: 'train', trainId: train.id },
        format: 'pdf',
        options: { paper: 'letter' },
      });
      expect(answer).toMatchObject({ ok: true, result: { saved: true, path: target } });
      expect(showSaveDialog.mock.calls[0]![0]).toMatchObject({
        defaultPath: `/home/dana/Downloads/release-calendar-${train.version}.pdf`,
        filters: [{ name: 'Printable schedule (PDF)', extensions: ['pdf'] }],
      });
      const [html, paper] = printToPdf.mock.calls[0]!;
      expect(paper).toBe('letter');
      expect(html).toContain(`Release ${train.version} <span class="title-sub">Rollout plan</span>`);
      expect(html).toContain('@page { size: letter landscape;');
      expect(fs.readFileSync(target, 'latin1')).toBe('%PDF-1.7 fake');
    } finally {
      backend.close();
    }
  });

  it('saves nothing when the dialog is cancelled, or when the export is refused (then no dialog at all)', async () => {
    const { dir, backend, save, showSaveDialog, printToPdf } = await setUp({ canceled: true });
    try {
      expect(await save({ selection: { kind: 'all' }, format: 'csv' })).toEqual({
        ok: true,
        result: { saved: false, path: null, fileName: 'rollout-schedule.csv' },
      });
      expect(showSaveDialog).toHaveBeenCalledTimes(1);
      const refused = await save({ selection: { kind: 'all' }, format: 'md' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'rule_violation' } });
      const invalid = await save({ selection: { kind: 'train' }, format: 'pdf' });
      expect(invalid).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', fields: [{ field: 'selection.trainId' }] },
      });
      expect(showSaveDialog).toHaveBeenCalledTimes(1);
      expect(printToPdf).not.toHaveBeenCalled();
      expect(fs.readdirSync(dir).filter((f) => !f.startsWith('fleet.db'))).toEqual([]);
    } finally {
      backend.close();
    }
  });

  it('says so when the file cannot be written or the PDF cannot be printed, and leaves nothing behind', async () => {
    const missing = path.join(tempDir(), 'gone', 'x.json');
    const { backend, save, printToPdf, log } = await setUp({ canceled: false, filePath: missing });
    try {
      expect(await save({ selection: { kind: 'all' }, format: 'json' })).toEqual({
        ok: false,
        error: {
          code: 'internal',
          message: `Could not save ${missing}: the folder does not exist; choose another place.`,
        },
      });
      printToPdf.mockRejectedValueOnce(new Error('render process gone'));
      expect(await save({ selection: { kind: 'all' }, format: 'pdf' })).toEqual({
        ok: false,
        error: {
          code: 'internal',
          message: 'The PDF could not be printed; nothing was saved. Details are in the log.',
        },
      });
      expect(log.mock.calls[0]![0]).toContain('render process gone');
      expect(fs.existsSync(path.dirname(missing))).toBe(false);
    } finally {
      backend.close();
    }
  });

  it('is answered by the main process on its own channel, behind the same sender check', async () => {
    type Handler = (event: unknown, input: unknown) => unknown;
    const handlers = new Map<string, Handler>();
    const dispatch = vi.fn(() => Promise.resolve({ ok: true as const, result: 'dispatched' }));
    const exportSave = vi.fn(() => Promise.resolve({ ok: true as const, result: 'saved' }));
    const location = { kind: 'file' as const, url: 'file:///app/index.html', filePath: '/app/index.html' };
    registerApiHandlers({
      ipcMain: { handle: (channel: string, handler: Handler) => void handlers.set(channel, handler) } as never,
      dispatch,
      mainContentsId: () => 7,
      location,
      log: vi.fn(),
      mainProcess: { 'export.save': exportSave },
    });
    const trusted = { sender: { id: 7 }, senderFrame: { url: location.url, parent: null } };
    expect(await handlers.get('rc:export.save')!(trusted, { format: 'pdf' })).toEqual({ ok: true, result: 'saved' });
    expect(exportSave).toHaveBeenCalledWith({ format: 'pdf' });
    expect(await handlers.get('rc:export.render')!(trusted, {})).toEqual({ ok: true, result: 'dispatched' });
    const stranger = { sender: { id: 8 }, senderFrame: { url: location.url, parent: null } };
    expect(await handlers.get('rc:export.save')!(stranger, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(exportSave).toHaveBeenCalledTimes(1);
  });
});
