import { KIND_LABELS, type PhaseRow, type TrainDay, effectiveReleaseDays, lengthOf, weekdayOf } from './template-model';
import { phaseColours } from './phase-colours';

interface TemplatePreviewProps {
  rows: readonly PhaseRow[];
  offsets: readonly number[];
  days: readonly TrainDay[];
}

/** Days of the train (1-based) on which a production phase plans a release. */
function releaseOffsets(rows: readonly PhaseRow[], offsets: readonly number[]): Set<number> {
  return new Set(rows.flatMap((row, i) => effectiveReleaseDays(row).map((d) => (offsets[i] ?? 0) + d)));
}

function describe(rows: readonly PhaseRow[], offsets: readonly number[], total: number): string {
  const parts = rows.flatMap((row, i) => {
    const length = lengthOf(row);
    if (length === null) return [];
    const start = (offsets[i] ?? 0) + 1;
    const span = length === 1 ? `day ${start}` : `days ${start} to ${start + length - 1}`;
    const releases = effectiveReleaseDays(row).map((d) => start + d);
    return [
      `${row.name.trim() || `Phase ${i + 1}`}, ${span}${releases.length ? `, release days ${releases.join(', ')}` : ''}`,
    ];
  });
  return `A train lives ${total} days: ${parts.join('; ')}.`;
}

/**
 * The whole life of one train as a strip of days: each phase's span, its
 * release days, and (when trains always start on the same weekday) the weekdays
 * and the days that are not working days.
 */
export function TemplatePreview({ rows, offsets, days }: TemplatePreviewProps) {
  const total = days.length;
  if (total === 0) return null;
  const releases = releaseOffsets(rows, offsets);
  const columns = { gridTemplateColumns: `repeat(${total}, minmax(0, 1fr))` };
  const weekdaysKnown = days.some((d) => d.weekday !== null);
  const dense = total > 42;

  return (
    <div className="life-preview" data-testid="template-preview">
      <div className="life-preview-strip" role="img" aria-label={describe(rows, offsets, total)}>
        <div className="life-preview-phases" style={columns}>
          {rows.map((row, i) => {
            const length = lengthOf(row);
            if (length === null) return null;
            const name = row.name.trim() || `Phase ${i + 1}`;
            return (
              <div
                key={row.uid}
                className="life-phase"
                style={{ ...phaseColours(row.kind), gridColumn: `${(offsets[i] ?? 0) + 1} / span ${length}` }}
                title={`${name} (${KIND_LABELS[row.kind].toLowerCase()}), ${length === 1 ? '1 day' : `${length} days`}`}
              >
                <span className="life-phase-name">{name}</span>
              </div>
            );
          })}
        </div>
        <div className="life-preview-days" style={columns}>
          {days.map((d) => (
            <div
              key={d.offset}
              className={`life-day${d.working ? '' : ' is-off-day'}${releases.has(d.offset) ? ' is-release' : ''}${
                d.offset % 7 === 0 ? ' is-week-start' : ''
              }`}
            >
              {!dense && <span className="life-day-label">{weekdayOf(days, d.offset)?.charAt(0) ?? d.offset + 1}</span>}
              {releases.has(d.offset) && <span className="life-release" />}
            </div>
          ))}
        </div>
        <div className="life-preview-weeks" style={columns}>
          {days
            .filter((d) => d.offset % 7 === 0)
            .map((d) => (
              <span key={d.offset} style={{ gridColumn: `${d.offset + 1} / span ${Math.min(7, total - d.offset)}` }}>
                Day {d.offset + 1}
              </span>
            ))}
        </div>
      </div>
      <ul className="life-preview-legend" aria-hidden="true">
        <li>
          <span className="life-legend-release" /> Release day
        </li>
        {weekdaysKnown ? (
          <li>
            <span className="life-legend-off-day" /> Not a working day
          </li>
        ) : (
          <li className="life-preview-note">
            Weekdays show once an anchor date is set and the cadence is whole weeks.
          </li>
        )}
      </ul>
    </div>
  );
}
