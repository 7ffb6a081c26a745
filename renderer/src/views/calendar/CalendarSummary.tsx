import { useMemo } from 'react';
import { type Day, addDays, daysBetween } from '../../../../shared/days';
import { WarningIcon } from '../../components/icons';
import { useCalendarStore } from '../../stores/calendar';
import {
  type InFlight,
  type TrainConflict,
  nextReleaseDay,
  openConflicts,
  releaseMarks,
  trainsInFlight,
} from './calendar-model';
import { longDay, plural, shortDay } from './calendar-format';
import { ConflictFlag } from './ConflictFlag';
import { isoWeekOf } from './layout';
import './calendar.css';

function inDays(today: Day, day: Day): string {
  const n = daysBetween(today, day);
  return n === 1 ? 'tomorrow' : `in ${n} days`;
}

function InFlightItem({ item, onOpen }: { item: InFlight; onOpen: (id: number) => void }) {
  const { train, phase, releaseToday } = item;
  const today = useCalendarStore((s) => s.today);
  const dayOf = phase ? daysBetween(phase.start, today) + 1 : 0;
  const length = phase ? daysBetween(phase.start, phase.end) + 1 : 0;
  return (
    <li className="inflight">
      <span className={`legend-swatch phase-${phase?.kind ?? 'other'}`} aria-hidden="true" />
      <button type="button" className="version-link inflight-version" onClick={() => onOpen(train.id)}>
        {train.version}
      </button>
      <span className="inflight-text">
        {' · '}
        {phase?.name ?? 'Between phases'}
        {releaseToday ? (
          <strong className="inflight-release">
            {' '}
            — release day today ({releaseToday.index} of {releaseToday.total})
          </strong>
        ) : (
          phase && (
            <span className="inflight-progress">
              {' '}
              — day {dayOf} of {length}
            </span>
          )
        )}
        <ConflictFlag conflicts={train.conflicts} />
      </span>
    </li>
  );
}

interface CalendarSummaryProps {
  onOpenTrain: (id: number) => void;
  onShowConflicts: (conflicts: TrainConflict[]) => void;
}

/** Status at a glance, independent of the month on screen: trains in flight today, the next release day, open conflicts. */
export function CalendarSummary({ onOpenTrain, onShowConflicts }: CalendarSummaryProps) {
  const trains = useCalendarStore((s) => s.trains);
  const today = useCalendarStore((s) => s.today);
  const { inFlight, next, conflicts } = useMemo(() => {
    const all = trains ?? [];
    return {
      inFlight: trainsInFlight(all, today),
      // Today's releases are shown with the trains in flight; "next" looks beyond them.
      next: nextReleaseDay(all, addDays(today, 1)),
      conflicts: openConflicts(all, today),
    };
  }, [trains, today]);

  const nextDetail = next?.trains
    .map((t) => {
      const mark = releaseMarks(t).find((r) => r.actual === next.day);
      return mark ? `${t.version} · release ${mark.index} of ${mark.total}` : t.version;
    })
    .join(', ');

  return (
    <section className="card calendar-summary" aria-label="Status today">
      <div className="summary-block summary-today">
        <h2 className="stat-label">Today</h2>
        <p className="summary-value">{longDay(today)}</p>
        <p className="stat-detail">Week {isoWeekOf(today).week}</p>
      </div>
      <div className="summary-block summary-inflight">
        <h2 className="stat-label">In flight</h2>
        {inFlight.length > 0 ? (
          <ul className="inflight-list">
            {inFlight.map((item) => (
              <InFlightItem key={item.train.id} item={item} onOpen={onOpenTrain} />
            ))}
          </ul>
        ) : (
          <p className="summary-none">No train is in flight today.</p>
        )}
      </div>
      <div className="summary-block">
        <h2 className="stat-label">Next release day</h2>
        {next ? (
          <>
            <p className="summary-value">
              {shortDay(next.day)} <span className="summary-when">{inDays(today, next.day)}</span>
            </p>
            <p className="stat-detail" title={nextDetail}>
              {nextDetail}
            </p>
          </>
        ) : (
          <p className="summary-none">None planned.</p>
        )}
      </div>
      <div className={`summary-block${conflicts.length > 0 ? ' has-conflicts' : ''}`}>
        <h2 className="stat-label">Conflicts</h2>
        {conflicts.length > 0 ? (
          <button type="button" className="summary-conflicts" onClick={() => onShowConflicts(conflicts)}>
            <WarningIcon />
            {plural(conflicts.length, 'conflict')}
          </button>
        ) : (
          <p className="summary-value summary-ok">None</p>
        )}
        <p className="stat-detail">{conflicts.length > 0 ? 'release days left unplaced' : 'every release placed'}</p>
      </div>
    </section>
  );
}
