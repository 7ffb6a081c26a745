import { useRef } from 'react';
import { type Day, formatDay, isoWeekday, weekdayName } from '../../../../shared/days';
import type { Holiday } from '../../../../shared/schedule';
import { FormAlert } from '../../components/FormAlert';
import { InputField } from '../../components/InputField';
import { useSettingsStore } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import { ConfirmRemoveDialog } from './ConfirmRemoveDialog';
import {
  EMPTY_HOLIDAY,
  HOLIDAY_FIELDS,
  type HolidayField,
  type HolidayValues,
  describeHoliday,
  holidayDateHint,
  holidaysByYear,
  validateHoliday,
} from './rules-model';
import { AddRuleButton, RuleListFrame, RuleRow } from './RuleList';
import { SettingsSection } from './SettingsSection';
import { useRuleList } from './useRuleList';

interface HolidaysSectionProps {
  holidays: readonly Holiday[];
  workingDays: readonly number[];
  today: Day;
}

/** Days on which no production release goes out: a list and a form to add one. */
export function HolidaysSection({ holidays, workingDays, today }: HolidaysSectionProps) {
  const addHoliday = useSettingsStore((s) => s.addHoliday);
  const removeHoliday = useSettingsStore((s) => s.removeHoliday);
  const formRef = useRef<HTMLFormElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const list = useRuleList<Holiday, HolidayValues, HolidayField>({
    empty: EMPTY_HOLIDAY,
    fields: HOLIDAY_FIELDS,
    validate: (v) => validateHoliday(v, holidays),
    fieldId: (field) => `holiday-${field}`,
    formRef,
    listRef,
    rowTestId: (date) => `holiday-${date}`,
  });
  const { form, removing } = list;
  const groups = holidaysByYear(holidays);

  function submit() {
    void list.add(async (v) => {
      const holiday = await addHoliday(v);
      toast(`Added holiday ${describeHoliday(holiday)}`);
      return holiday.date;
    });
  }

  return (
    <SettingsSection
      id="settings-holidays"
      title="Holidays"
      description="No production release goes out on a holiday; release days move to the next allowed day."
    >
      <form
        ref={formRef}
        noValidate
        className="settings-card-body rule-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {form.formError && <FormAlert message={form.formError} />}
        <div className="rule-form-row holiday-form-row">
          <InputField
            name="holiday-date"
            label="Holiday date"
            hint={holidayDateHint(form.values.date, workingDays)}
            type="date"
            {...form.bind('date')}
          />
          <InputField
            name="holiday-name"
            label="Holiday name"
            placeholder="e.g. Christmas Day"
            {...form.bind('name')}
          />
          <AddRuleButton label="Add holiday" saving={form.saving} />
        </div>
      </form>

      <RuleListFrame listRef={listRef} empty={groups.length === 0 ? 'No holidays yet.' : null}>
        <div className="holiday-years">
          {groups.map((group) => (
            <section key={group.year} className="rule-group" aria-label={`Holidays in ${group.year}`}>
              {groups.length > 1 && <h3 className="rule-group-title">{group.year}</h3>}
              <ul className="rule-list">
                {group.holidays.map((h) => (
                  <RuleRow
                    key={h.date}
                    testId={`holiday-${h.date}`}
                    className="holiday-row"
                    past={h.date < today}
                    highlighted={h.date === list.added}
                    removeTitle={`Remove holiday ${h.name}`}
                    onRemove={() => list.askRemove(h)}
                  >
                    <span className="holiday-date">
                      <span className="holiday-weekday">{weekdayName(isoWeekday(h.date), true)}</span>
                      <span className="holiday-day">{formatDay(h.date)}</span>
                    </span>
                    <span className="rule-name">{h.name}</span>
                  </RuleRow>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </RuleListFrame>

      {removing && (
        <ConfirmRemoveDialog
          title="Remove holiday?"
          subject={describeHoliday(removing)}
          consequence="will be an ordinary day again: releases may be planned on it."
          confirmLabel="Remove holiday"
          onClose={list.closeRemove}
          onConfirm={() =>
            list.remove(removing.date, holidays.map((h) => h.date).sort(), async () => {
              const removed = await removeHoliday(removing.date);
              toast(`Removed holiday ${describeHoliday(removed)}`);
            })
          }
        />
      )}
    </SettingsSection>
  );
}
