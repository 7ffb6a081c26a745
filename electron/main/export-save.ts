import path from 'node:path';
import type { SavedExport } from '../../shared/contract';
import { type ApiResponse, invalidInput } from '../../shared/errors';
import { type ExportSaveRequest, FORMAT_INFO, exportSaveRequestSchema } from '../../shared/export/formats';
import type { Dispatch } from '../backend/dispatcher';
import { describeFsError, writeFileAtomic } from '../backend/export/atomic-write';

/** What saving needs from Electron, injected so that the flow is tested without it. */
export interface ExportSaveDeps {
  dispatch: Dispatch;
  /** The main process's save dialog, over the app's window. */
  showSaveDialog: (options: {
    title: string;
    defaultPath: string;
    filters: { name: string; extensions: string[] }[];
  }) => Promise<{ canceled: boolean; filePath?: string | undefined }>;
  /** Prints an HTML document to PDF (a hidden, sandboxed window's printToPDF). */
  printToPdf: (html: string, paper: ExportSaveRequest['options']['paper']) => Promise<Uint8Array>;
  /** Where the dialog starts (the Downloads folder). */
  defaultFolder: () => string;
  writeFile?: (file: string, content: string | Uint8Array) => void;
  log: (message: string) => void;
}

/**
 * `export.save` in the desktop app: renders through the dispatcher (the one place
 * that reads the plan), asks where to save, prints a PDF from the printable HTML
 * when asked, and writes the file atomically. Cancelling the dialog saves nothing.
 */
export function createExportSave(deps: ExportSaveDeps): (input: unknown) => Promise<ApiResponse<SavedExport>> {
  const write = deps.writeFile ?? writeFileAtomic;
  return async (input) => {
    const parsed = exportSaveRequestSchema.safeParse(input);
    if (!parsed.success) return invalidInput('export.save', parsed.error);
    const { selection, format, options } = parsed.data;
    const pdf = format === 'pdf';
    const rendered = await deps.dispatch('export.render', { selection, format: pdf ? 'html' : format, options });
    if (!rendered.ok) return rendered;
    const file = rendered.result as { fileName: string; content: string };
    const fileName = pdf ? file.fileName.replace(/\.html$/, '.pdf') : file.fileName;
    const info = FORMAT_INFO[format];
    const choice = await deps.showSaveDialog({
      title: 'Save the export',
      defaultPath: path.join(deps.defaultFolder(), fileName),
      filters: [{ name: info.label, extensions: [info.extension] }],
    });
    if (choice.canceled || !choice.filePath) return { ok: true, result: { saved: false, path: null, fileName } };
    const target = choice.filePath;
    let content: string | Uint8Array;
    try {
      content = pdf ? await deps.printToPdf(file.content, options.paper) : file.content;
    } catch (err) {
      deps.log(
        `Printing ${fileName} to PDF failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
      return {
        ok: false,
        error: {
          code: 'internal',
          message: 'The PDF could not be printed; nothing was saved. Details are in the log.',
        },
      };
    }
    try {
      write(target, content);
    } catch (err) {
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `Could not save ${target}: ${describeFsError(err)}; choose another place.`,
        },
      };
    }
    return { ok: true, result: { saved: true, path: target, fileName: path.basename(target) } };
  };
}
