import { useRef, useState } from 'react';
import { weekdayName } from '../../../../shared/days';
import { ApiCallError } from '../../api/client';
import { useSettingsStore } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import { WEEKDAYS, sameWeekdays, toggleWeekday, validateWorkingDays } from './rules-model';
import { SettingsForm, SettingsSection } from './SettingsSection';
import { useResetOnSaved } from './useResetOnSaved';
import { errorMessage } from '../../../../shared/errors';

/** The days of the week on which production releases may go out. */
export function WorkingDaysSection({ saved }: { saved: readonly number[] }) {
  const update = useSettingsStore((s) => s.update);
  const [days, setDays] = useState<number[]>(() => [...saved]);
  const [serverError, setServerError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const groupRef = useRef<HTMLFieldSetElement>(null);

  function reset(next: readonly number[]) {
    setDays([...next]);
    setServerError(null);
  }
  useResetOnSaved(saved, reset);

  // An empty week is said at once: there is no field to leave first.
  const error = serverError ?? validateWorkingDays(days);

  async function submit() {
    setFormError(null);
    if (validateWorkingDays(days)) {
      groupRef.current?.querySelector('input')?.focus();
      return;
    }
    setSaving(true);
    try {
      await update({ workingDays: days });
      toast('Saved working days');
    } catch (err) {
      const field =
        err instanceof ApiCallError ? err.error.fields?.find((f) => f.field.startsWith('workingDays')) : null;
      if (field) setServerError(field.message);
      else setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <SettingsSection
      id="settings-working-days"
      title="Working days"
      description="Releases go out on working days only; a release day that falls on another day moves to the next working day."
    >
      <SettingsForm
        method="settings.update"
        onSubmit={() => void submit()}
        formError={formError}
        dirty={!sameWeekdays(saved, days)}
        saving={saving}
        label="Save working days"
        onDiscard={() => reset(saved)}
      >
        <fieldset
          ref={groupRef}
          className="weekday-toggles"
          aria-describedby={error ? 'working-days-error' : undefined}
          aria-invalid={Boolean(error)}
        >
          <legend className="visually-hidden">Working days</legend>
          {WEEKDAYS.map((weekday) => {
            const on = days.includes(weekday);
            return (
              <label key={weekday} className={`settings-chip settings-chip-wide${on ? ' is-on' : ''}`}>
                <input
                  type="checkbox"
                  className="settings-chip-input"
                  aria-label={weekdayName(weekday)}
                  checked={on}
                  onChange={() => {
                    setDays((d) => toggleWeekday(d, weekday));
                    setServerError(null);
                  }}
                />
                <span className="settings-chip-weekday-full" aria-hidden="true">
                  {weekdayName(weekday, true)}
                </span>
              </label>
            );
          })}
        </fieldset>
        {error && (
          <p id="working-days-error" className="field-error">
            {error}
          </p>
        )}
      </SettingsForm>
    </SettingsSection>
  );
}
