import { type PhaseRow, type TrainDay, toggleReleaseDay, weekdayOf } from './template-model';

interface ReleaseDayPickerProps {
  row: PhaseRow;
  n: number;
  /** The days of the train this phase spans, its first day first. */
  phaseDays: readonly TrainDay[];
  describedBy: string | undefined;
  onChange: (releaseDays: number[]) => void;
}

/** One toggle per day of a production phase; the ones on are its planned release days. */
export function ReleaseDayPicker({ row, n, phaseDays, describedBy, onChange }: ReleaseDayPickerProps) {
  return (
    <fieldset className="release-days" aria-describedby={describedBy}>
      <legend className="release-days-legend">
        Release days<span className="visually-hidden"> of phase {n}</span>{' '}
        <span className="release-days-hint">by day of the phase</span>
      </legend>
      <div className="release-settings-chips">
        {phaseDays.map((trainDay, day) => {
          const weekday = weekdayOf(phaseDays, day);
          const on = row.releaseDays.includes(day);
          const offDay = !trainDay.working;
          return (
            <label
              key={day}
              className={`settings-chip${on ? ' is-on' : ''}${offDay ? ' is-off-day' : ''}`}
              title={offDay ? `Not a working day: a release planned on it moves to the next working day.` : undefined}
            >
              <input
                type="checkbox"
                className="settings-chip-input"
                data-row-control={day === 0 ? `${row.uid}:releaseDays` : undefined}
                aria-label={weekday ? `Day ${day + 1} (${weekday})` : `Day ${day + 1}`}
                checked={on}
                onChange={() => onChange(toggleReleaseDay(row, day))}
              />
              <span className="settings-chip-number" aria-hidden="true">
                {day + 1}
              </span>
              {weekday && (
                <span className="settings-chip-weekday" aria-hidden="true">
                  {weekday}
                </span>
              )}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
