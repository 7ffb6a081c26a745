import { type FormEvent, useRef, useState } from 'react';
import { type Day, formatDay, isoWeekday, weekdayName } from '../../../../shared/days';
import type { Holiday } from '../../../../shared/schedule';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PlusIcon } from '../../components/icons';
import { useSettingsStore } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import { ConfirmRemoveDialog } from './ConfirmRemoveDialog';
import {
  EMPTY_HOLIDAY,
  HOLIDAY_FIELDS,
  type HolidayValues,
  describeHoliday,
  holidayDateHint,
  holidaysByYear,
  validateHoliday,
} from './rules-model';
import { SettingsSection } from './SettingsSection';
import { useFocusAfterClose } from './useFocusAfterClose';
import { useSettingsForm } from './useSettingsForm';

interface HolidaysSectionProps {
  holidays: readonly Holiday[];
  workingDays: readonly number[];
  today: Day;
}

/** Days on which no production release goes out: a list and a form to add one. */
export function HolidaysSection({ holidays, workingDays, today }: HolidaysSectionProps) {
  const addHoliday = useSettingsStore((s) => s.addHoliday);
  const removeHoliday = useSettingsStore((s) => s.removeHoliday);
  const [removing, setRemoving] = useState<Holiday | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const focusAfterClose = useFocusAfterClose(removing !== null);
  const form = useSettingsForm<HolidayValues, (typeof HOLIDAY_FIELDS)[number]>({
    initial: EMPTY_HOLIDAY,
    fields: HOLIDAY_FIELDS,
    validate: (v) => validateHoliday(v, holidays),
  });
  const { values, set, blur, errorOf } = form;
  const groups = holidaysByYear(holidays);
  const focusField = (field: string | undefined) =>
    field && formRef.current?.querySelector<HTMLElement>(`#field-holiday-${field}`)?.focus();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const ok = await form.submit(async (v) => {
      const holiday = await addHoliday(v);
      toast(`Added holiday ${describeHoliday(holiday)}`);
      setAdded(holiday.date);
    }, focusField);
    if (ok) {
      form.reset(EMPTY_HOLIDAY);
      focusField('date');
    }
  }

  return (
    <SettingsSection
      id="settings-holidays"
      title="Holidays"
      description="No production release goes out on a holiday; release days move to the next allowed day."
    >
      <form ref={formRef} noValidate className="settings-card-body rule-form" onSubmit={(e) => void submit(e)}>
        {form.formError && <FormAlert message={form.formError} />}
        <div className="rule-form-row holiday-form-row">
          <Field
            name="holiday-date"
            label="Holiday date"
            error={errorOf('date')}
            hint={holidayDateHint(values.date, workingDays)}
          >
            {(control) => (
              <input
                {...control}
                type="date"
                className="input"
                value={values.date}
                onChange={(e) => set('date', e.target.value)}
                onBlur={() => blur('date')}
              />
            )}
          </Field>
          <Field name="holiday-name" label="Holiday name" error={errorOf('name')}>
            {(control) => (
              <input
                {...control}
                type="text"
                className="input"
                value={values.name}
                placeholder="e.g. Christmas Day"
                autoComplete="off"
                onChange={(e) => set('name', e.target.value)}
                onBlur={() => blur('name')}
              />
            )}
          </Field>
          <button type="submit" className="button rule-form-submit" disabled={form.saving}>
            <PlusIcon />
            Add holiday
          </button>
        </div>
      </form>

      <div className="rule-list-frame" ref={listRef}>
        {groups.length === 0 ? (
          <p className="rule-empty">No holidays yet.</p>
        ) : (
          <div className="holiday-years">
            {groups.map((group) => (
              <section key={group.year} className="rule-group" aria-label={`Holidays in ${group.year}`}>
                {groups.length > 1 && <h3 className="rule-group-title">{group.year}</h3>}
                <ul className="rule-list">
                  {group.holidays.map((h) => (
                    <li
                      key={h.date}
                      data-testid={`holiday-${h.date}`}
                      className={`rule-row holiday-row${h.date < today ? ' is-past' : ''}${
                        h.date === added ? ' is-highlighted' : ''
                      }`}
                    >
                      <span className="holiday-date">
                        <span className="holiday-weekday">{weekdayName(isoWeekday(h.date), true)}</span>
                        <span className="holiday-day">{formatDay(h.date)}</span>
                      </span>
                      <span className="rule-name">{h.name}</span>
                      <button
                        type="button"
                        className="button button-small button-remove"
                        title={`Remove holiday ${h.name}`}
                        onClick={() => setRemoving(h)}
                      >
                        Remove
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      </div>

      {removing && (
        <ConfirmRemoveDialog
          title="Remove holiday?"
          subject={describeHoliday(removing)}
          consequence="will be an ordinary day again: releases may be planned on it."
          confirmLabel="Remove holiday"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            const sorted = holidays.map((h) => h.date).sort();
            const at = sorted.indexOf(removing.date);
            const neighbour = sorted[at + 1] ?? sorted[at - 1];
            const removed = await removeHoliday(removing.date);
            toast(`Removed holiday ${describeHoliday(removed)}`);
            focusAfterClose(() =>
              neighbour
                ? listRef.current?.querySelector<HTMLElement>(`[data-testid="holiday-${neighbour}"] button`)
                : formRef.current?.querySelector<HTMLElement>('#field-holiday-date'),
            );
          }}
        />
      )}
    </SettingsSection>
  );
}
