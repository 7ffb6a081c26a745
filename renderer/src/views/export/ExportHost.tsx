import { ExportDialog } from './ExportDialog';
import { PrintView } from './PrintView';

/** Where the Export dialog and the print view live; opened through useExportStore from any view that mounts this. */
export function ExportHost() {
  return (
    <>
      <ExportDialog />
      <PrintView />
    </>
  );
}
