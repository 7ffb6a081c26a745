import { type ReactNode, useState } from 'react';
import { InputField } from '../../components/InputField';
import { useInsightsStore } from '../../stores/insights';
import { type CustomRangeErrors, RANGE_PRESETS, checkCustomRange, sameRange } from './insights-model';

/**
 * Which trains the view covers: a preset (the last 6, 12 or 26 started) read at once, or a custom
 * range of start days checked here and read when it is shown. Each change is one read. What the
 * range covers, in words, sits beside the choices.
 */
export function RangeControl({ children }: { children?: ReactNode }) {
  const range = useInsightsStore((s) => s.range);
  const load = useInsightsStore((s) => s.load);
  const [custom, setCustom] = useState(range.kind === 'dates');
  const [from, setFrom] = useState(range.kind === 'dates' ? (range.from ?? '') : '');
  const [to, setTo] = useState(range.kind === 'dates' ? (range.to ?? '') : '');
  const [errors, setErrors] = useState<CustomRangeErrors>({});

  function choosePreset(last: number) {
    setCustom(false);
    setErrors({});
    const next = { kind: 'last', last } as const;
    if (!sameRange(next, range)) void load(next);
  }

  function submit() {
    const checked = checkCustomRange(from, to);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    if (!sameRange(checked.range, range)) void load(checked.range);
  }

  return (
    <>
      <div className="insights-range-row">
        <div className="segmented insights-range" role="group" aria-label="Trains covered" data-testid="insights-range">
          {RANGE_PRESETS.map((n) => {
            const selected = !custom && range.kind === 'last' && range.last === n;
            return (
              <button
                key={n}
                type="button"
                className={`segmented-item${selected ? ' is-selected' : ''}`}
                aria-pressed={selected}
                onClick={() => choosePreset(n)}
              >
                Last {n} trains
              </button>
            );
          })}
          <button
            type="button"
            className={`segmented-item${custom ? ' is-selected' : ''}`}
            aria-pressed={custom}
            onClick={() => setCustom(true)}
          >
            Custom range
          </button>
        </div>
        {children}
      </div>
      {custom && (
        <form
          className="insights-range-form"
          aria-label="Custom range"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <InputField
            name="insights-from"
            label="Trains starting from"
            type="date"
            value={from}
            error={errors.from}
            onChange={setFrom}
            hint="Leave empty for no first day."
          />
          <InputField
            name="insights-to"
            label="Up to"
            type="date"
            value={to}
            error={errors.to}
            onChange={setTo}
            hint="Its last day, included."
          />
          <button type="submit" className="button button-primary">
            Show range
          </button>
        </form>
      )}
    </>
  );
}
