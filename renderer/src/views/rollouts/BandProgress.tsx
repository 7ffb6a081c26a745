import type { TrackedStatus } from '../../../../shared/rollout-steps';
import { useTracked } from '../../stores/rollouts';
import type { CssVars } from '../../components/css-vars';
import { progressText } from './ProgressBar';
import { TRACKED_STATUS_LABEL } from './rollout-format';
import './rollouts.css';

/** Trains whose rollout has begun; before that every band would say "0/40". */
const SHOWN: readonly TrackedStatus[] = ['validating', 'rolling_out', 'halted', 'overdue', 'completed'];

/**
 * Released/total of a train whose rollout has begun, small enough for a calendar band or a
 * week row: a bar and "12/40", red when the train is halted.
 */
export function BandProgress({ trainId }: { trainId: number }) {
  const train = useTracked(trainId);
  if (!train || !train.planned || train.progress.total === 0 || !SHOWN.includes(train.status)) return null;
  const { progress, status } = train;
  const halted = status === 'halted';
  const title = `${TRACKED_STATUS_LABEL[status]}: ${progressText(progress)}${halted && train.halt ? ` — ${train.halt.reason} (${train.halt.reference})` : ''}`;
  return (
    <span
      className={`band-progress${halted ? ' is-halted' : ''}`}
      title={title}
      data-testid={`band-progress-${train.version}`}
    >
      <span className="band-progress-track" aria-hidden="true">
        <span className="band-progress-fill" style={{ '--share': progress.finished / progress.total } as CssVars} />
      </span>
      <span className="band-progress-figure">
        {halted && 'Halted · '}
        {progress.released}/{progress.total}
      </span>
    </span>
  );
}
