import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { type Cadence, firstSlotOnOrAfter, slotStart } from '../../../../shared/cadence';
import { type Day, addDays, formatRange, isDay, maxDay, startOfIsoWeek } from '../../../../shared/days';
import { InputField } from '../../components/InputField';
import { FormAlert } from '../../components/FormAlert';
import { useCalendarStore } from '../../stores/calendar';
import { toast } from '../../stores/toasts';
import { type ActionProblem, problemOf, unplacedMessage } from './action-errors';
import { plural } from './calendar-format';

const DEFAULT_COUNT = 12;

/** Monday after this week, or just after the last planned slot when the plan already reaches further. */
function defaultPlanStart(today: Day, lastSlot: Day | null): Day {
  const nextMonday = addDays(startOfIsoWeek(today), 7);
  return lastSlot ? maxDay(nextMonday, addDays(lastSlot, 1)) : nextMonday;
}

/** The start of the first cadence slot on or after `day` (the day itself until the first plan sets the anchor). */
function snapToSlot(cadence: Cadence, day: Day): Day {
  const { anchorDate } = cadence;
  return anchorDate === null
    ? day
    : slotStart({ ...cadence, anchorDate }, firstSlotOnOrAfter({ ...cadence, anchorDate }, day));
}

interface PlanTrainsFormProps {
  /** Called after trains were planned, e.g. to close the dialog around the form. */
  onPlanned?: () => void;
  /** Buttons beside "Plan trains" (a dialog's way out). */
  secondary?: ReactNode;
}

/** Plan the next trains from a day on, one per cadence slot; slots that already have a train are left alone. */
export function PlanTrainsForm({ onPlanned, secondary }: PlanTrainsFormProps) {
  const today = useCalendarStore((s) => s.today);
  const lastSlot = useCalendarStore((s) =>
    (s.trains ?? []).reduce<Day | null>((last, t) => (last === null || t.slotStart > last ? t.slotStart : last), null),
  );
  const plan = useCalendarStore((s) => s.plan);
  const goTo = useCalendarStore((s) => s.goTo);
  const loadCadence = useCalendarStore((s) => s.loadCadence);
  const [from, setFrom] = useState(() => defaultPlanStart(today, lastSlot));
  const [count, setCount] = useState(String(DEFAULT_COUNT));
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const edited = useRef(false);

  // Show the day the first new train will really start on, not "the day after the last slot".
  // Without settings the unsnapped default still plans the right trains: the server snaps too.
  useEffect(() => {
    let live = true;
    void loadCadence().then((cadence) => {
      if (live && cadence && !edited.current) setFrom((day) => (isDay(day) ? snapToSlot(cadence, day) : day));
    });
    return () => {
      live = false;
    };
  }, [loadCadence]);

  const fromError = problem?.fields.from ?? (problem && !isDay(from) ? 'Choose a day to start from.' : undefined);
  const countError = problem?.fields.count;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const n = Number(count);
    if (!isDay(from)) {
      setProblem({ message: 'Choose a day to start from.', fields: { from: 'Choose a day to start from.' } });
      return;
    }
    if (!Number.isInteger(n) || n < 1) {
      setProblem({
        message: 'Plan at least one train.',
        fields: { count: 'Plan a whole number of trains, at least 1.' },
      });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const planned = await plan({ from, count: n });
      const first = planned[0];
      const last = planned[planned.length - 1];
      toast(
        first && last
          ? `Planned ${plural(planned.length, 'train')}: ${first.version} to ${last.version}, ${formatRange(first.start, last.end)}`
          : 'Every slot in that span already has a train',
      );
      if (first) goTo(first.start);
      onPlanned?.();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  const formMessage = unplacedMessage(problem, ['from', 'count']);
  return (
    <form className="plan-form" noValidate onSubmit={(e) => void submit(e)}>
      {formMessage && <FormAlert message={formMessage} />}
      <div className="field-row">
        <InputField
          name="plan-from"
          label="First train on or after"
          error={fromError}
          hint="Trains start on the cadence's days."
          type="date"
          value={from}
          focus="dialog"
          onChange={(value) => {
            edited.current = true;
            setFrom(value);
            setProblem(null);
          }}
        />
        <InputField
          name="plan-count"
          label="Number of trains"
          error={countError}
          hint="One per cadence slot."
          type="number"
          min={1}
          max={260}
          className="input input-number"
          value={count}
          onChange={(value) => {
            setCount(value);
            setProblem(null);
          }}
        />
      </div>
      <div className="plan-actions">
        {secondary}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Planning…' : 'Plan trains'}
        </button>
      </div>
    </form>
  );
}
