import type { CsvExport } from '../../../../shared/contract';
import { ApiCallError } from '../../api/client';
import { ChevronDownIcon, DownloadIcon } from '../../components/icons';
import { Menu } from '../../components/Menu';
import { useFleetStore } from '../../stores/fleet';
import { toast } from '../../stores/toasts';

/** Saves the export as a download and says how many rows it holds. */
async function download(exported: Promise<CsvExport>) {
  try {
    const { filename, csv, rows } = await exported;
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    // Revoked on the next task: the download has taken its own reference by then.
    setTimeout(() => URL.revokeObjectURL(url));
    toast(`Exported ${rows} deployment${rows === 1 ? '' : 's'} to ${filename}`);
  } catch (err) {
    toast(err instanceof ApiCallError ? err.message : 'The export failed; try again.', 'error');
  }
}

const OPTIONS = [
  { id: 'plain', label: 'CSV (UTF-8)', description: 'For scripts, other tools and re-import.' },
  { id: 'bom', label: 'CSV for Excel', description: 'With a byte-order mark, so Excel shows accents correctly.' },
] as const;

/** "Export CSV" downloads at once; the chevron offers the Excel-friendly variant. */
export function ExportButton() {
  const exportCsv = useFleetStore((s) => s.exportCsv);
  return (
    <div className="split-button">
      <button type="button" className="button split-button-main" onClick={() => void download(exportCsv(false))}>
        <DownloadIcon />
        Export CSV
      </button>
      <Menu
        items={OPTIONS}
        align="end"
        triggerClassName="button split-button-toggle"
        triggerLabel="More export options"
        trigger={<ChevronDownIcon />}
        onSelect={(id) => void download(exportCsv(id === 'bom'))}
      />
    </div>
  );
}
