import type { ReactNode } from 'react';
import { daysBetween, formatRange } from '../../../../shared/days';
import type { TrainView } from '../../../../shared/train';
import { Dialog } from '../../components/Dialog';
import { FormAlert } from '../../components/FormAlert';
import { CloseIcon, DownloadIcon, WarningIcon } from '../../components/icons';
import { useCalendarStore, useSelectedTrain } from '../../stores/calendar';
import { useExportStore } from '../../stores/export';
import { STATUS_LABEL, longDay, plural } from './calendar-format';
import { TrainActions } from './TrainActions';
import { TrainHistory } from './TrainHistory';
import { TrainNotes } from './TrainNotes';
import { RolloutPlanSection } from './RolloutPlanSection';
import { TrainTrackingSummary } from '../rollouts/TrainTrackingSummary';
import { TrainSchedule } from './TrainSchedule';
import './calendar.css';
import { useMayCall } from '../../stores/session';
import { TrainStatusBadge } from './TrainStatusBadge';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="form-section" aria-labelledby={`train-section-${id}`}>
      <h3 id={`train-section-${id}`} className="form-section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}

function Facts({ train }: { train: TrainView }) {
  const moved = train.slotStart !== train.start;
  const moves = train.phases
    .flatMap((p) => p.releaseDays)
    .filter((r) => r.actual !== null && r.actual !== r.nominal).length;
  return (
    <dl className="facts">
      <div>
        <dt>Starts</dt>
        <dd>{longDay(train.start)}</dd>
      </div>
      <div>
        <dt>Ends</dt>
        <dd>{longDay(train.end)}</dd>
      </div>
      <div>
        <dt>Cadence slot</dt>
        <dd>
          {longDay(train.slotStart)}
          {moved && (
            <span className="facts-note">
              {' '}
              · moved {plural(Math.abs(daysBetween(train.slotStart, train.start)), 'day')}{' '}
              {train.start > train.slotStart ? 'later' : 'earlier'}
            </span>
          )}
        </dd>
      </div>
      <div>
        <dt>Release days</dt>
        <dd>
          {train.releaseDays.length > 0 ? plural(train.releaseDays.length, 'day') : 'None'}
          {moves > 0 && <span className="facts-note"> · {moves} moved</span>}
        </dd>
      </div>
    </dl>
  );
}

function TrainHistoryOf({ train }: { train: TrainView }) {
  const history = useCalendarStore((s) => (s.detail?.train.id === train.id ? s.detail.history : null));
  return <TrainHistory events={history} />;
}

/** The drawer's sections, in order. */
const SECTIONS: readonly { id: string; title: string; Content: (props: { train: TrainView }) => ReactNode }[] = [
  { id: 'facts', title: 'Dates', Content: Facts },
  {
    id: 'actions',
    title: 'Actions',
    // Keyed by version and state: after a change the forms start from the train as it now is.
    Content: ({ train }) => <TrainActions key={`${train.version}-${train.start}-${train.state}`} train={train} />,
  },
  { id: 'schedule', title: 'Phases and release days', Content: TrainSchedule },
  { id: 'tracking', title: 'Rollout', Content: TrainTrackingSummary },
  { id: 'rollout', title: 'Rollout plan', Content: RolloutPlanSection },
  { id: 'notes', title: 'Notes', Content: TrainNotes },
  { id: 'history', title: 'History', Content: TrainHistoryOf },
];

function TrainDetail({ train }: { train: TrainView }) {
  const mayExport = useMayCall('export.render');
  const detailError = useCalendarStore((s) => s.detailError);
  const close = useCalendarStore((s) => s.closeTrain);
  const inactive = train.state !== 'active';

  return (
    <div className="drawer-form">
      <header className="drawer-header">
        <div className="drawer-title">
          <h2>Train {train.version}</h2>
          <p className="drawer-subtitle">
            <TrainStatusBadge train={train} />
            {formatRange(train.start, train.end)}
          </p>
        </div>
        <div className="drawer-header-actions">
          <button
            type="button"
            className="button"
            disabled={!mayExport.allowed}
            title={mayExport.reason ?? undefined}
            onClick={() => useExportStore.getState().open({ kind: 'train', trainId: train.id })}
          >
            <DownloadIcon />
            Export…
          </button>
          <button type="button" className="icon-button" aria-label="Close" onClick={close}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="drawer-body">
        {detailError && <FormAlert message={detailError} />}
        {inactive && (
          <div className="train-state-banner">
            <strong>{STATUS_LABEL[train.status]}.</strong> {train.stateReason ?? 'No reason given.'} It releases nothing
            until it is reinstated.
          </div>
        )}
        {train.conflicts.length > 0 && (
          <div className="callout train-conflicts" role="group" aria-label="Conflicts">
            <p className="train-conflicts-title">
              <WarningIcon />
              {plural(train.conflicts.length, 'conflict')}
            </p>
            <ul>
              {train.conflicts.map((c) => (
                <li key={`${c.phaseKey}-${c.nominal}`}>{c.message}</li>
              ))}
            </ul>
          </div>
        )}
        {SECTIONS.map(({ id, title, Content }) => (
          <Section key={id} id={id} title={title}>
            <Content train={train} />
          </Section>
        ))}
      </div>
    </div>
  );
}

/** The drawer for the train picked on the calendar, named "Train <version>". */
export function TrainPanel() {
  const train = useSelectedTrain();
  const close = useCalendarStore((s) => s.closeTrain);
  if (!train) return null;
  return (
    <Dialog label={`Train ${train.version}`} variant="drawer" onClose={close}>
      <TrainDetail train={train} />
    </Dialog>
  );
}
