import { daysBetween } from '../../../../shared/days';
import type { TrainView } from '../../../../shared/train';
import { WarningIcon } from '../../components/icons';
import { releaseMarks } from './calendar-model';
import { PHASE_KIND_LABEL, longDay, plural, shortDay, shortRange } from './calendar-format';

/** The train's phases with their dates, and under each production phase its release days, moves explained. */
export function TrainSchedule({ train }: { train: TrainView }) {
  const marks = releaseMarks(train);
  return (
    <ol className="schedule">
      {train.phases.map((phase) => {
        const length = daysBetween(phase.start, phase.end) + 1;
        const releases = marks.filter((m) => m.phase.key === phase.key);
        return (
          <li key={phase.key} className="schedule-phase">
            <span className={`legend-swatch phase-${phase.kind}`} aria-hidden="true" />
            <div className="schedule-phase-body">
              <p className="schedule-phase-head">
                <span className="schedule-phase-name">{phase.name}</span>
                <span className="schedule-phase-dates">
                  {shortRange(phase.start, phase.end)} · {plural(length, 'day')}
                </span>
              </p>
              {phase.name !== PHASE_KIND_LABEL[phase.kind] && (
                <p className="schedule-phase-kind">{PHASE_KIND_LABEL[phase.kind]}</p>
              )}
              {releases.length > 0 && (
                <ul className="schedule-releases" aria-label={`Release days of ${phase.name}`}>
                  {releases.map((m) => (
                    <li key={m.nominal} className="schedule-release">
                      {m.actual === null ? (
                        <>
                          <WarningIcon width={14} height={14} className="schedule-unplaced-icon" />
                          <span>
                            <strong className="schedule-unplaced">Release {m.index} not placed</strong>
                            <span className="schedule-why">
                              planned {shortDay(m.nominal)}: {m.movedBecause ?? 'blocked'}
                            </span>
                          </span>
                        </>
                      ) : (
                        <>
                          <span
                            className={`release-glyph${m.actual !== m.nominal ? ' is-moved' : ''}`}
                            aria-hidden="true"
                          />
                          <span>
                            <span className="schedule-release-day">{longDay(m.actual)}</span>
                            <span className="schedule-release-n">
                              {' '}
                              · release {m.index} of {m.total}
                            </span>
                            {m.actual !== m.nominal && (
                              <span className="schedule-why">
                                moved from {shortDay(m.nominal)}: {m.movedBecause ?? 'blocked'}
                              </span>
                            )}
                          </span>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
