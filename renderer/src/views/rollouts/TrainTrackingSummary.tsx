import { useEffect } from 'react';
import type { TrainView } from '../../../../shared/train';
import { Badge } from '../../components/Badge';
import { useCalendarStore } from '../../stores/calendar';
import { useRolloutsStore } from '../../stores/rollouts';
import { useUiStore } from '../../stores/ui';
import { ProgressBar, progressText } from './ProgressBar';
import { TRACKED_STATUS_LABEL, TRACKED_STATUS_TONE } from './rollout-format';
import './rollouts.css';

/** The train's tracking, read when the drawer opens on it; after a change the calendar's overview brings it. */
function useTracking(trainId: number) {
  useEffect(() => {
    void useRolloutsStore.getState().loadTracking(trainId);
  }, [trainId]);
  return useRolloutsStore((s) => s.tracked[trainId]);
}

/** In the calendar's train drawer: how the rollout stands, and the way to the train's rollout in the Rollouts view. */
export function TrainTrackingSummary({ train }: { train: TrainView }) {
  const tracking = useTracking(train.id);
  if (!tracking) return <p className="notes-empty">Loading the rollout…</p>;

  function openRollout() {
    useCalendarStore.getState().closeTrain();
    useRolloutsStore.getState().open(train.id);
    useUiStore.getState().setView('rollouts');
  }

  return (
    <div className="tracking-summary" data-testid="tracking-summary">
      <p className="tracking-summary-status">
        <Badge tone={TRACKED_STATUS_TONE[tracking.status]}>{TRACKED_STATUS_LABEL[tracking.status]}</Badge>
        <span>{tracking.statusSentence}</span>
      </p>
      {tracking.planned && (
        <ProgressBar progress={tracking.progress} label={`${train.version} progress`} testId="tracking-progress" />
      )}
      {tracking.openGates.length > 0 && tracking.planned && (
        <p className="tracking-summary-gates">Open gates: {tracking.openGates.join(', ')}.</p>
      )}
      {tracking.planned && (
        <div>
          <button type="button" className="button" onClick={openRollout}>
            Track rollout
          </button>
        </div>
      )}
    </div>
  );
}

/** A wave's released/total beside its title in the rollout plan (nothing while the tracking loads). */
export function WaveProgress({ trainId, wave }: { trainId: number; wave: number }) {
  const tracked = useRolloutsStore((s) => s.tracked[trainId]?.waves.find((w) => w.index === wave));
  if (!tracked) return null;
  return (
    <span className="wave-progress" title={progressText(tracked.progress)} data-testid={`wave-progress-${wave}`}>
      <ProgressBar progress={tracked.progress} label={`Wave ${wave} progress`} />
    </span>
  );
}
