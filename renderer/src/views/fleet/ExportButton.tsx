import { ApiCallError, call } from '../../api/client';
import { ChevronDownIcon, DownloadIcon } from '../../components/icons';
import { Menu } from '../../components/Menu';
import { toast } from '../../stores/toasts';

async function exportCsv(bom: boolean) {
  try {
    // Every deployment, active and retired, in the import format: the file doubles as a backup.
    const { filename, csv, rows } = await call('deployments.exportCsv', { status: 'all', bom });
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
  return (
    <div className="split-button">
      <button type="button" className="button split-button-main" onClick={() => void exportCsv(false)}>
        <DownloadIcon />
        Export CSV
      </button>
      <Menu
        items={OPTIONS}
        align="end"
        triggerClassName="button split-button-toggle"
        triggerLabel="More export options"
        trigger={<ChevronDownIcon />}
        onSelect={(id) => void exportCsv(id === 'bom')}
      />
    </div>
  );
}
