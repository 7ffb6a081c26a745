import type { TrainTracking } from '../../../../shared/contract';
import { formatRange } from '../../../../shared/days';
import { Badge } from '../../components/Badge';
import { useRolloutsStore } from '../../stores/rollouts';
import { ProgressBar } from './ProgressBar';
import { PATCH_STATUS_TONE, TRACKED_STATUS_LABEL, TRACKED_STATUS_TONE } from './rollout-format';

function TrainCard({ train }: { train: TrainTracking }) {
  const open = useRolloutsStore((s) => s.open);
  return (
    <li className={`tile train-card train-card-${train.status}`} data-testid={`rolling-${train.version}`}>
      <div className="train-card-head">
        <button
          type="button"
          className="version-link train-card-version"
          aria-label={`Open the rollout of ${train.version}`}
          onClick={() => open(train.trainId)}
        >
          {train.version}
        </button>
        <Badge tone={TRACKED_STATUS_TONE[train.status]}>{TRACKED_STATUS_LABEL[train.status]}</Badge>
        <span className="train-card-dates">{formatRange(train.start, train.end)}</span>
      </div>
      <p className="train-card-sentence">{train.statusSentence}</p>
      <ProgressBar progress={train.progress} label={`${train.version} progress`} />
      <ol className="train-card-waves" aria-label={`Waves of ${train.version}`}>
        {train.waves.map((w) => (
          <li key={w.index} className="train-card-wave">
            <span className="train-card-wave-name">W{w.index}</span>
            <ProgressBar progress={w.progress} label={`${train.version} wave ${w.index} progress`} compact />
            <span className="train-card-wave-figure">
              {w.progress.released}/{w.progress.total}
            </span>
          </li>
        ))}
      </ol>
      {train.patches
        .filter((p) => p.status !== 'completed')
        .map((p) => (
          <p key={p.id} className="train-card-patch" data-testid={`rolling-patch-${p.version}`}>
            <Badge tone={PATCH_STATUS_TONE[p.status]}>Patch {p.version}</Badge>
            <ProgressBar progress={p.progress} label={`Patch ${p.version} progress`} compact />
            <span className="train-card-wave-figure">
              {p.progress.released}/{p.progress.total}
            </span>
          </p>
        ))}
    </li>
  );
}

/** Every train in flight: status (halted included), progress released/total per train and per wave. */
export function RollingTrains({ trains }: { trains: readonly TrainTracking[] }) {
  return (
    <section className="rollout-card" aria-labelledby="rolling-title" data-testid="rolling-trains">
      <div className="rollout-card-head">
        <h2 id="rolling-title" className="rollout-card-title">
          Trains in flight
        </h2>
        {trains.length > 0 && (
          <span className="rollout-card-note">Open one to pass its gates and roll out its waves.</span>
        )}
      </div>
      {trains.length === 0 ? (
        <p className="rollout-empty">
          No train is in flight: plan a train&apos;s rollout from its drawer on the calendar.
        </p>
      ) : (
        <ul className="train-cards">
          {trains.map((t) => (
            <TrainCard key={t.trainId} train={t} />
          ))}
        </ul>
      )}
    </section>
  );
}
