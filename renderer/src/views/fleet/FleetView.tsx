import { useEffect } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { PageStatus } from '../../components/PageStatus';
import { PlusIcon, UploadIcon, WarningIcon } from '../../components/icons';
import { useFleetStore, useVisibleDeployments } from '../../stores/fleet';
import { useUiStore } from '../../stores/ui';
import { DeploymentPanel } from './DeploymentPanel';
import { ExportButton } from './ExportButton';
import { FirstRun } from './FirstRun';
import { FleetSummary } from './FleetSummary';
import { FleetTable } from './FleetTable';
import { FleetToolbar } from './FleetToolbar';
import { ImportFailureDialog } from './ImportFailureDialog';
import { useCsvImport } from './useCsvImport';
import { useMayCall } from '../../stores/session';

function FleetPage({ onImport }: { onImport: () => void }) {
  const mayImport = useMayCall('deployments.importCsv');
  const mayAdd = useMayCall('deployments.create');
  const summary = useFleetStore((s) => s.summary);
  const openAdd = useUiStore((s) => s.openAdd);
  const visible = useVisibleDeployments();
  const missingInternal = summary !== null && summary.active > 0 && summary.internalKey === null;

  return (
    <div className="page">
      <PageHeader
        title="Fleet"
        subtitle="The production deployments that receive every release, wave by wave."
        actions={
          <>
            <button
              type="button"
              className="button"
              disabled={!mayImport.allowed}
              title={mayImport.reason ?? undefined}
              onClick={onImport}
            >
              <UploadIcon />
              Import CSV…
            </button>
            <ExportButton />
            <button
              type="button"
              className="button button-primary"
              disabled={!mayAdd.allowed}
              title={mayAdd.reason ?? undefined}
              onClick={openAdd}
            >
              <PlusIcon />
              Add deployment
            </button>
          </>
        }
      />
      {summary && <FleetSummary summary={summary} />}
      {missingInternal && (
        <div className="banner banner-warning" data-testid="internal-warning">
          <WarningIcon />
          <p>
            <strong>No internal deployment.</strong> Mark one deployment as internal: it receives every release first.
          </p>
        </div>
      )}
      <FleetToolbar shown={visible.length} />
      <FleetTable deployments={visible} />
    </div>
  );
}

/** The Fleet section: first run while the fleet is empty, otherwise the table with its tools. */
export function FleetView() {
  // Rollouts change what each deployment runs from other views: read it again on the way in
  // (at start-up the first load, still under way, brings it).
  useEffect(() => {
    const fleet = useFleetStore.getState();
    if (fleet.status !== 'loading') void fleet.loadVersions();
  }, []);
  const status = useFleetStore((s) => s.status);
  const loadError = useFleetStore((s) => s.loadError);
  const empty = useFleetStore((s) => s.deployments.length === 0);
  const { fileInput, chooseFile } = useCsvImport();
  const dismissImportFailure = useUiStore((s) => s.dismissImportFailure);

  return (
    <>
      {status !== 'ready' ? (
        <PageStatus
          status={status}
          what="the fleet"
          loadError={loadError}
          onRetry={() => void useFleetStore.getState().load()}
        />
      ) : empty ? (
        <FirstRun onImport={chooseFile} />
      ) : (
        <FleetPage onImport={chooseFile} />
      )}
      {fileInput}
      <DeploymentPanel />
      <ImportFailureDialog
        onChooseAnother={() => {
          dismissImportFailure();
          chooseFile();
        }}
      />
    </>
  );
}
