import { useMemo } from 'react';
import type { CalendarRange } from '../../../../shared/contract';
import { type Day, daysBetween, formatDay, formatRange, isoWeekday, weekdayName } from '../../../../shared/days';
import type { TrainView } from '../../../../shared/train';
import { Badge } from '../../components/Badge';
import { BandProgress } from '../rollouts/BandProgress';
import { WarningIcon } from '../../components/icons';
import {
  type DayRules,
  type DayRulesOf,
  type ReleaseMark,
  agenda,
  dayRulesOf,
  isInactive,
  phaseOnDay,
  releaseMarks,
} from './calendar-model';
import { STATUS_LABEL, STATUS_TONE, dayDescription, shortDay } from './calendar-format';
import { ConflictFlag } from './ConflictFlag';
import { weekRow } from './layout';
import { WeekAgenda } from './WeekAgenda';
import './calendar.css';

interface WeekViewProps {
  range: CalendarRange;
  date: Day;
  title: string;
  onOpenTrain: (id: number) => void;
}

function DayHeader({ day, rules, today }: { day: Day; rules: DayRules; today: Day }) {
  const isToday = day === today;
  return (
    <div
      role="columnheader"
      className={`week-day-head${isToday ? ' is-today' : ''}${rules.working ? '' : ' is-nonworking'}`}
      aria-label={dayDescription(day, rules, today)}
    >
      <div className="week-day-title">
        <span className="week-day-name">{weekdayName(isoWeekday(day), true)}</span>
        <span className="week-day-date">{formatDay(day, { year: false })}</span>
        {isToday && <span className="month-today-label">Today</span>}
      </div>
      <div className="week-day-notes">
        {rules.holiday && <span className="day-chip day-chip-holiday">Holiday · {rules.holiday.name}</span>}
        {rules.freezes.map((f) => (
          <span
            key={f.id}
            className="day-chip day-chip-freeze"
            title={`${f.reason ? `${f.reason}. ` : ''}No production releases ${formatRange(f.start, f.end)}.`}
          >
            Freeze · {f.name}
          </span>
        ))}
        {!rules.working && !rules.holiday && <span className="day-chip">Not a working day</span>}
      </div>
    </div>
  );
}

/** What a release means on this day: it happens here (maybe moved in), or it was planned here and moved away. */
function ReleaseNote({ mark, day }: { mark: ReleaseMark; day: Day }) {
  const n = `Release ${mark.index} of ${mark.total}`;
  if (mark.actual === day) {
    return (
      <p className={`week-release${mark.actual !== mark.nominal ? ' is-moved' : ''}`}>
        <span className="release-glyph" aria-hidden="true" />
        <span>
          <strong>{n}</strong>
          {mark.actual !== mark.nominal && (
            <span className="week-release-why">
              moved here from {shortDay(mark.nominal)}: {mark.movedBecause ?? 'blocked'}
            </span>
          )}
        </span>
      </p>
    );
  }
  if (mark.actual === null) {
    return (
      <p className="week-release is-unplaced">
        <WarningIcon width={14} height={14} />
        <span>
          <strong>{n} cannot be placed</strong>
          <span className="week-release-why">{mark.movedBecause ?? 'blocked'}; no allowed day left in the phase</span>
        </span>
      </p>
    );
  }
  return (
    <p className="week-release is-ghost">
      <span className="release-glyph is-ghost" aria-hidden="true" />
      <span>
        {n} moved to <strong>{shortDay(mark.actual)}</strong>
        <span className="week-release-why">{mark.movedBecause ?? 'blocked'}</span>
      </span>
    </p>
  );
}

function dayClasses(rules: DayRules): string {
  return `${rules.working ? '' : ' is-nonworking'}${rules.holiday ? ' is-holiday' : ''}${rules.freezes.length > 0 ? ' is-freeze' : ''}`;
}

interface TrainDayCellProps {
  train: TrainView;
  day: Day;
  rules: DayRules;
  marks: ReleaseMark[];
}

function TrainDayCell({ train, day, rules, marks }: TrainDayCellProps) {
  const phase = phaseOnDay(train, day);
  if (!phase)
    return <div role="gridcell" className={`week-cell is-empty${dayClasses(rules)}`} aria-label="Not in flight" />;
  const inactive = isInactive(train);
  const dayOf = daysBetween(phase.start, day) + 1;
  const length = daysBetween(phase.start, phase.end) + 1;
  const notes = inactive ? [] : marks.filter((m) => m.actual === day || m.nominal === day);
  return (
    <div role="gridcell" className={`week-cell${inactive ? ' is-inactive' : ''}${dayClasses(rules)}`}>
      <div
        className={`week-phase phase-${phase.kind}${day === phase.start ? ' starts' : ''}${day === phase.end ? ' ends' : ''}`}
      >
        <span className="week-phase-name">{phase.name}</span>
        <span className="week-phase-day">
          {day === train.start ? 'Train starts · ' : ''}
          Day {dayOf} of {length}
          {day === train.end ? ' · last day' : ''}
        </span>
      </div>
      {notes.map((m) => (
        <ReleaseNote key={m.nominal} mark={m} day={day} />
      ))}
    </div>
  );
}

interface TrainRowProps {
  train: TrainView;
  days: Day[];
  rulesOf: DayRulesOf;
  onOpen: (id: number) => void;
}

function TrainRow({ train, days, rulesOf, onOpen }: TrainRowProps) {
  const marks = useMemo(() => releaseMarks(train), [train]);
  return (
    <div role="row" className={`week-row${isInactive(train) ? ' is-inactive' : ''}`}>
      <div role="rowheader" className="week-train">
        <button type="button" className="version-link week-train-version" onClick={() => onOpen(train.id)}>
          {train.version}
        </button>
        <div className="week-train-meta">
          <Badge tone={STATUS_TONE[train.status]}>{STATUS_LABEL[train.status]}</Badge>
          <BandProgress trainId={train.id} />
          <ConflictFlag conflicts={train.conflicts} />
        </div>
        <span className="week-train-dates">{formatRange(train.start, train.end)}</span>
      </div>
      {days.map((day) => (
        <TrainDayCell key={day} train={train} day={day} rules={rulesOf(day)} marks={marks} />
      ))}
    </div>
  );
}

/**
 * One week in detail for the person on call: every train in flight as a row,
 * what phase it is in each day, the releases (moved ones with the reason), and
 * the holidays and freezes of each day.
 */
export function WeekView({ range, date, title, onOpenTrain }: WeekViewProps) {
  const week = useMemo(() => weekRow(date), [date]);
  const rulesOf = useMemo(() => dayRulesOf(range), [range]);
  const trains = range.trains.filter((t) => t.start <= week.end && t.end >= week.start);
  const days = useMemo(() => agenda(range.trains, rulesOf, week.days), [range.trains, rulesOf, week]);

  return (
    <div className="week-view">
      <div role="grid" aria-label={title} aria-readonly="true" className="weekgrid">
        <div role="row" className="week-head">
          <div role="columnheader" className="week-train-head">
            Train
          </div>
          {week.days.map((day) => (
            <DayHeader key={day} day={day} rules={rulesOf(day)} today={range.today} />
          ))}
        </div>
        {trains.map((t) => (
          <TrainRow key={t.id} train={t} days={week.days} rulesOf={rulesOf} onOpen={onOpenTrain} />
        ))}
        {trains.length === 0 && (
          <div role="row" className="week-empty">
            <div role="gridcell">No train is in flight this week.</div>
          </div>
        )}
      </div>
      <WeekAgenda days={days} today={range.today} onOpenTrain={onOpenTrain} />
    </div>
  );
}
