import { useEffect } from 'react';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading, PageUnavailable } from '../../components/PageState';
import { useRolloutsStore } from '../../stores/rollouts';
import { RollingTrains } from './RollingTrains';
import { TodayBoard } from './TodayBoard';
import { TrainRolloutDetail } from './TrainRolloutDetail';
import { UndoButton, useUndoShortcut } from './UndoButton';
import './rollouts.css';

/** The Rollouts section: the Today board and the trains in flight, or one train's rollout. */
export function RolloutsView() {
  const status = useRolloutsStore((s) => s.status);
  const loadError = useRolloutsStore((s) => s.loadError);
  const board = useRolloutsStore((s) => s.board);
  const report = useRolloutsStore((s) => s.report);
  const selectedId = useRolloutsStore((s) => s.selectedId);
  const undoRefusal = useRolloutsStore((s) => s.undoRefusal);

  // Always fetch on open: the CLI, another window or the calendar may have moved a rollout on.
  useEffect(() => {
    void useRolloutsStore.getState().load();
  }, []);
  useUndoShortcut();

  if (status === 'error')
    return (
      <PageUnavailable
        what="the rollouts"
        message={loadError ?? 'Unknown error.'}
        onRetry={() => void useRolloutsStore.getState().load()}
      />
    );
  if (status === 'loading' || !board || !report) return <PageLoading what="the rollouts" />;

  return (
    <div className="page rollouts-page" data-testid="rollouts">
      <PageHeader
        title="Rollouts"
        subtitle="What to release today, what waits and why; each train's gates, waves, halts and audit trail."
        actions={selectedId === null && <UndoButton />}
      />
      {undoRefusal && <FormAlert message={undoRefusal} />}
      {selectedId !== null ? (
        <TrainRolloutDetail />
      ) : (
        <>
          <TodayBoard board={board} />
          <RollingTrains trains={report.trains} />
        </>
      )}
    </div>
  );
}
