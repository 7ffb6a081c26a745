import type { AgendaDay, AgendaEvent } from './calendar-model';
import { WarningIcon } from '../../components/icons';
import { shortDay } from './calendar-format';

function Glyph({ kind }: { kind: AgendaEvent['kind'] }) {
  if (kind === 'release') return <span className="release-glyph" aria-hidden="true" />;
  if (kind === 'moved') return <span className="release-glyph is-moved" aria-hidden="true" />;
  if (kind === 'moved_away') return <span className="release-glyph is-ghost" aria-hidden="true" />;
  if (kind === 'unplaced') return <WarningIcon width={14} height={14} className="agenda-warning" />;
  return <span className={`agenda-dot agenda-dot-${kind}`} aria-hidden="true" />;
}

/** The week in words, day by day: what a person on call reads out or pastes into a channel. */
export function WeekAgenda({
  days,
  today,
  onOpenTrain,
}: {
  days: AgendaDay[];
  today: string;
  onOpenTrain: (id: number) => void;
}) {
  return (
    <section className="agenda" aria-labelledby="agenda-title">
      <h3 id="agenda-title" className="form-section-title">
        This week
      </h3>
      <ol className="agenda-days">
        {days.map(({ day, events }) => (
          <li key={day} className={`agenda-day${day === today ? ' is-today' : ''}`}>
            <span className="agenda-date">
              {shortDay(day)}
              {day === today && <span className="month-today-label">Today</span>}
            </span>
            {events.length === 0 ? (
              <span className="agenda-quiet">Nothing scheduled</span>
            ) : (
              <ul className="agenda-events">
                {events.map((e, i) => (
                  <li key={i} className={`agenda-event agenda-${e.kind}`}>
                    <Glyph kind={e.kind} />
                    {e.trainId !== undefined ? (
                      <button type="button" className="agenda-link" onClick={() => onOpenTrain(e.trainId!)}>
                        {e.text}
                      </button>
                    ) : (
                      <span>{e.text}</span>
                    )}
                    {e.detail && <span className="agenda-detail">{e.detail}</span>}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
