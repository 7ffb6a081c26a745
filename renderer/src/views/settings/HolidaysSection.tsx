import { useRef } from 'react';
import { type Day, formatDay, isoWeekday, weekdayName } from '../../../../shared/days';
import type { Holiday } from '../../../../shared/schedule';
import { InputField } from '../../components/InputField';
import { useSettingsStore } from '../../stores/settings';
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
import { AddRuleButton, RuleCard, RuleRow } from './RuleCard';
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
    noun: 'holiday',
    describe: describeHoliday,
    idOf: (h) => h.date,
    consequence: 'will be an ordinary day again: releases may be planned on it.',
    shown: [...holidays].sort((a, b) => a.date.localeCompare(b.date)),
    add: addHoliday,
    remove: (h) => removeHoliday(h.date),
    empty: EMPTY_HOLIDAY,
    fields: HOLIDAY_FIELDS,
    validate: (v) => validateHoliday(v, holidays),
    formRef,
    listRef,
  });
  const { form } = list;
  const groups = holidaysByYear(holidays);

  return (
    <RuleCard
      id="settings-holidays"
      title="Holidays"
      description="No production release goes out on a holiday; release days move to the next allowed day."
      list={list}
      formRef={formRef}
      listRef={listRef}
      empty={groups.length === 0 ? 'No holidays yet.' : null}
      fields={
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
          <AddRuleButton label="Add holiday" saving={form.saving} method="holidays.add" />
        </div>
      }
    >
      <div className="holiday-years">
        {groups.map((group) => (
          <section key={group.year} className="rule-group" aria-label={`Holidays in ${group.year}`}>
            {groups.length > 1 && <h3 className="rule-group-title">{group.year}</h3>}
            <ul className="rule-list">
              {group.holidays.map((h) => (
                <RuleRow key={h.date} {...list.rowProps(h)} className="holiday-row" past={h.date < today}>
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
    </RuleCard>
  );
}
