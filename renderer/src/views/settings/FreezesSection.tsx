import { useRef } from 'react';
import type { Day } from '../../../../shared/days';
import type { Freeze } from '../../../../shared/schedule';
import { Badge } from '../../components/Badge';
import { InputField, LastDayField } from '../../components/InputField';
import { useSettingsStore } from '../../stores/settings';
import {
  EMPTY_FREEZE,
  FREEZE_FIELDS,
  type FreezeField,
  type FreezeValues,
  describeFreeze,
  freezeLengthDays,
  freezePreview,
  freezeSpan,
  freezeTiming,
  pluralDays,
  sortedFreezes,
  validateFreeze,
} from './rules-model';
import { AddRuleButton, RuleCard, RuleRow } from './RuleCard';
import { useRuleList } from './useRuleList';

/** Windows in which no production release goes out (year end, a big event): a list and a form to add one. */
export function FreezesSection({ freezes, today }: { freezes: readonly Freeze[]; today: Day }) {
  const addFreeze = useSettingsStore((s) => s.addFreeze);
  const removeFreeze = useSettingsStore((s) => s.removeFreeze);
  const formRef = useRef<HTMLFormElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const sorted = sortedFreezes(freezes);
  const list = useRuleList<Freeze, FreezeValues, FreezeField>({
    noun: 'freeze',
    describe: describeFreeze,
    idOf: (f) => f.id,
    consequence: 'will no longer hold releases back: release days inside it may go out again.',
    shown: sorted,
    add: addFreeze,
    remove: (f) => removeFreeze(f.id),
    empty: EMPTY_FREEZE,
    fields: FREEZE_FIELDS,
    validate: validateFreeze,
    formRef,
    listRef,
  });
  const { form } = list;
  const { values, bind } = form;
  const preview = freezePreview(values);

  return (
    <RuleCard
      id="settings-freezes"
      title="Freezes"
      description="No production release goes out during a freeze. Development and validation carry on."
      list={list}
      formRef={formRef}
      listRef={listRef}
      empty={freezes.length === 0 ? 'No freezes.' : null}
      fields={
        <>
          <div className="rule-form-row freeze-form-row">
            <InputField name="freeze-name" label="Freeze name" placeholder="e.g. Year-end freeze" {...bind('name')} />
            <InputField name="freeze-start" label="Freeze start" type="date" {...bind('start')} />
            <LastDayField name="freeze-end" label="Freeze end" min={values.start || undefined} {...bind('end')} />
          </div>
          <p className="rule-form-summary" aria-live="polite">
            {preview && `Freezes ${preview}`}
          </p>
          <div className="rule-form-row freeze-form-row-2">
            <InputField
              name="freeze-reason"
              label="Reason"
              optional
              placeholder="Shown to teams with the calendar"
              {...bind('reason')}
            />
            <AddRuleButton label="Add freeze" saving={form.saving} method="freezes.add" />
          </div>
        </>
      }
    >
      <ul className="rule-list">
        {sorted.map((f) => {
          const timing = freezeTiming(f, today);
          return (
            <RuleRow key={f.id} {...list.rowProps(f)} className="freeze-row" past={timing === 'past'}>
              <span className="freeze-what">
                <span className="rule-name">
                  {f.name}
                  {timing === 'current' && <Badge tone="warning">In effect</Badge>}
                  {timing === 'past' && <Badge tone="muted">Past</Badge>}
                </span>
                <span className="freeze-meta">
                  <span className="freeze-span">{freezeSpan(f)}</span>
                  <span className="freeze-meta-separator" aria-hidden="true">
                    ·
                  </span>
                  <span className="freeze-length">{pluralDays(freezeLengthDays(f))}</span>
                </span>
                {f.reason && <span className="freeze-reason">{f.reason}</span>}
              </span>
            </RuleRow>
          );
        })}
      </ul>
    </RuleCard>
  );
}
