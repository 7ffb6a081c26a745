import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow } from 'electron';
import type { PaperSize } from '../../shared/export/formats';

/**
 * Prints a self-contained HTML document to PDF in a hidden window: sandboxed, no
 * JavaScript, its own in-memory session (none of the app's storage or handlers),
 * loading the document from a temporary file (a data: URL would cap its size).
 * The document's @page rules choose the paper; the options say the same for safety.
 */
export async function printHtmlToPdf(html: string, paper: PaperSize): Promise<Uint8Array> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'rc-print-'));
  const file = path.join(dir, 'schedule.html');
  const win = new BrowserWindow({
    show: false,
    width: 1400,
    height: 1000,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      spellcheck: false,
      partition: 'release-calendar-print',
    },
  });
  try {
    await fs.promises.writeFile(file, html);
    await win.loadFile(file);
    return await win.webContents.printToPDF({
      landscape: true,
      pageSize: paper === 'letter' ? 'Letter' : 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: false,
    });
  } finally {
    win.destroy();
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
