import { useMemo } from 'react';
import type { CalendarRange } from '../../../../shared/contract';
import { type Day, formatRange, weekdayName } from '../../../../shared/days';
import type { Freeze } from '../../../../shared/schedule';
import type { TrainView } from '../../../../shared/train';
import type { CssVars } from '../../components/css-vars';
import { BandContent } from './BandContent';
import { type DayRulesOf, dayRulesOf, isInactive } from './calendar-model';
import { bandLabel, dayDescription, monthDayNumber } from './calendar-format';
import { type Segment, type WeekLayout, clipParts, layoutWeekRow, layoutWeeks, monthGrid } from './layout';
import './calendar.css';

interface MonthViewProps {
  range: CalendarRange;
  date: Day;
  title: string;
  onOpenTrain: (id: number) => void;
}

function TrainBand({ segment, onOpen }: { segment: Segment<TrainView>; onOpen: (id: number) => void }) {
  const { item: train } = segment;
  const phases = clipParts(train.phases, segment.start, segment.end).map((p) => p.part);
  const classes = [
    'band',
    'month-band',
    segment.continuesBefore ? 'continues-before' : '',
    segment.continuesAfter ? 'continues-after' : '',
    isInactive(train) ? 'is-inactive' : '',
    train.conflicts.length > 0 ? 'has-conflict' : '',
  ];
  return (
    <button
      type="button"
      className={classes.filter(Boolean).join(' ')}
      style={{ '--col': segment.startCol, '--span': segment.span, '--lane': segment.lane } as CssVars}
      aria-label={bandLabel(train, phases)}
      data-testid={`train-band-${train.version}`}
      onClick={() => onOpen(train.id)}
    >
      <BandContent train={train} from={segment.start} to={segment.end} testIds />
    </button>
  );
}

function FreezeStrip({ segment }: { segment: Segment<Freeze> }) {
  const f = segment.item;
  return (
    <span
      className="month-freeze"
      style={{ '--col': segment.startCol, '--span': segment.span, '--freeze-lane': segment.lane } as CssVars}
      title={`Freeze: ${f.name}${f.reason ? ` — ${f.reason}` : ''}. No production releases ${formatRange(f.start, f.end)}.`}
    >
      <span className="month-freeze-text">
        {segment.continuesBefore ? '… ' : ''}Freeze · {f.name}
      </span>
    </span>
  );
}

interface WeekRowProps {
  layout: WeekLayout<TrainView>;
  freezes: readonly Freeze[];
  month: Day;
  today: Day;
  rulesOf: DayRulesOf;
  onOpenTrain: (id: number) => void;
}

function MonthWeekRow({ layout, freezes, month, today, rulesOf, onOpenTrain }: WeekRowProps) {
  const { week, segments, laneCount } = layout;
  const freezeRow = useMemo(() => layoutWeekRow(freezes, week), [freezes, week]);
  return (
    <div
      role="row"
      className="month-week"
      // Two lanes at least, so rows keep one height through a month of normal overlapping trains.
      style={{ '--lanes': Math.max(laneCount, 2), '--freeze-lanes': freezeRow.laneCount } as CssVars}
    >
      <div role="rowheader" className="month-weeknum" aria-label={`Week ${week.isoWeek.week}`}>
        {week.isoWeek.week}
      </div>
      {week.days.map((day, col) => {
        const rules = rulesOf(day);
        const classes = [
          'month-day',
          day.slice(0, 7) !== month.slice(0, 7) ? 'is-outside' : '',
          rules.working ? '' : 'is-nonworking',
          rules.holiday ? 'is-holiday' : '',
          rules.freezes.length > 0 ? 'is-freeze' : '',
          day === today ? 'is-today' : '',
        ];
        return (
          <div
            key={day}
            role="gridcell"
            className={classes.filter(Boolean).join(' ')}
            aria-label={dayDescription(day, rules, today)}
            aria-current={day === today ? 'date' : undefined}
          >
            <div className="month-day-head">
              <span className="month-day-number">{monthDayNumber(day)}</span>
              {day === today && <span className="month-today-label">Today</span>}
              {rules.holiday && (
                <span className="month-holiday" title={`Holiday: ${rules.holiday.name}`}>
                  {rules.holiday.name}
                </span>
              )}
            </div>
            {segments
              .filter((s) => s.startCol === col)
              .map((s) => (
                <TrainBand key={s.item.id} segment={s} onOpen={onOpenTrain} />
              ))}
            {freezeRow.segments
              .filter((s) => s.startCol === col)
              .map((s) => (
                <FreezeStrip key={s.item.id} segment={s} />
              ))}
          </div>
        );
      })}
    </div>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/**
 * The month as seven columns, Monday to Sunday, one row per week. Each train is
 * a band across its days in each row, split into phases, on a lane packed over
 * the whole month so it stays at the same height from week to week.
 */
export function MonthView({ range, date, title, onOpenTrain }: MonthViewProps) {
  const grid = useMemo(() => monthGrid(date), [date]);
  const rows = useMemo(() => layoutWeeks(range.trains, grid.weeks), [range.trains, grid]);
  const rulesOf = useMemo(() => dayRulesOf(range), [range]);

  return (
    <div role="grid" aria-label={title} aria-readonly="true" className="month">
      <div role="row" className="month-head">
        <div role="columnheader" className="month-weeknum-head" aria-label="ISO week">
          Wk
        </div>
        {WEEKDAYS.map((d) => (
          <div
            key={d}
            role="columnheader"
            aria-label={weekdayName(d)}
            className={range.workingDays.includes(d) ? undefined : 'is-nonworking'}
          >
            {weekdayName(d, true)}
          </div>
        ))}
      </div>
      {rows.map((row) => (
        <MonthWeekRow
          key={row.week.start}
          layout={row}
          freezes={range.freezes}
          month={grid.month}
          today={range.today}
          rulesOf={rulesOf}
          onOpenTrain={onOpenTrain}
        />
      ))}
    </div>
  );
}
