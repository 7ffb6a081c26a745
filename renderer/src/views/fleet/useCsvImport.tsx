import { type ChangeEvent, useRef } from 'react';
import { MAX_IMPORT_BYTES } from '../../../../shared/contract';
import type { ApiError } from '../../../../shared/errors';
import { decodeUtf8 } from '../../../../shared/utf8';
import { ApiCallError } from '../../api/client';
import { useFleetStore } from '../../stores/fleet';
import { toast } from '../../stores/toasts';
import { useUiStore } from '../../stores/ui';
import { errorMessage } from '../../../../shared/errors';

/** "Imported: 3 added, 1 updated, 0 unchanged" */
function importSummary(r: { created: number; updated: number; unchanged: number }): string {
  return `Imported: ${r.created} added, ${r.updated} updated, ${r.unchanged} unchanged`;
}

/**
 * The "Import CSV…" flow: a hidden file input, read as text, sent whole to the
 * backend (which imports all rows or none). Success is a toast; a refusal opens
 * the dialog that lists every problem.
 */
export function useCsvImport() {
  const inputRef = useRef<HTMLInputElement>(null);
  const importCsv = useFleetStore((s) => s.importCsv);
  const showImportFailure = useUiStore((s) => s.showImportFailure);
  const dismissImportFailure = useUiStore((s) => s.dismissImportFailure);

  async function importFile(file: File) {
    dismissImportFailure();
    if (file.size > MAX_IMPORT_BYTES) {
      showImportFailure({
        fileName: file.name,
        message: 'The file is larger than 5 MB; split it into smaller files and import each one.',
        problems: [],
      });
      return;
    }
    const text = decodeUtf8(await file.arrayBuffer());
    if (text === null) {
      showImportFailure({
        fileName: file.name,
        message:
          'The file is not UTF-8 text, so nothing was imported; save it as UTF-8 (CSV UTF-8 in Excel) and import it again.',
        problems: [],
      });
      return;
    }
    try {
      toast(importSummary(await importCsv(text)));
    } catch (err) {
      const error: Pick<ApiError, 'message' | 'fields'> =
        err instanceof ApiCallError ? err.error : { message: errorMessage(err) };
      showImportFailure({ fileName: file.name, message: error.message, problems: error.fields ?? [] });
    }
  }

  function onChange(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Cleared so choosing the same file again, after fixing it, fires another change.
    event.target.value = '';
    if (file) void importFile(file);
  }

  const fileInput = (
    <input
      ref={inputRef}
      type="file"
      accept=".csv,text/csv"
      hidden
      aria-label="CSV file to import"
      data-testid="csv-file-input"
      onChange={onChange}
    />
  );

  return { fileInput, chooseFile: () => inputRef.current?.click() };
}
