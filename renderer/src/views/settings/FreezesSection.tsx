import { type FormEvent, useRef, useState } from 'react';
import type { Day } from '../../../../shared/days';
import type { Freeze } from '../../../../shared/schedule';
import { Badge } from '../../components/Badge';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PlusIcon } from '../../components/icons';
import { useSettingsStore } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import { ConfirmRemoveDialog } from './ConfirmRemoveDialog';
import {
  EMPTY_FREEZE,
  FREEZE_FIELDS,
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
import { SettingsSection } from './SettingsSection';
import { useFocusAfterClose } from './useFocusAfterClose';
import { useSettingsForm } from './useSettingsForm';

const FIELD_ID: Record<(typeof FREEZE_FIELDS)[number], string> = {
  name: 'freeze-name',
  start: 'freeze-start',
  end: 'freeze-end',
  reason: 'freeze-reason',
};

/** Windows in which no production release goes out (year end, a big event): a list and a form to add one. */
export function FreezesSection({ freezes, today }: { freezes: readonly Freeze[]; today: Day }) {
  const addFreeze = useSettingsStore((s) => s.addFreeze);
  const removeFreeze = useSettingsStore((s) => s.removeFreeze);
  const [removing, setRemoving] = useState<Freeze | null>(null);
  const [added, setAdded] = useState<number | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const focusAfterClose = useFocusAfterClose(removing !== null);
  const form = useSettingsForm({ initial: EMPTY_FREEZE, fields: FREEZE_FIELDS, validate: validateFreeze });
  const { values, set, blur, errorOf } = form;
  const preview = freezePreview(values);
  const focusField = (field: keyof FreezeValues | undefined) =>
    field && formRef.current?.querySelector<HTMLElement>(`#field-${FIELD_ID[field]}`)?.focus();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const ok = await form.submit(async (v) => {
      const freeze = await addFreeze(v);
      toast(`Added freeze ${describeFreeze(freeze)}`);
      setAdded(freeze.id);
    }, focusField);
    if (ok) {
      form.reset(EMPTY_FREEZE);
      focusField('name');
    }
  }

  return (
    <SettingsSection
      id="settings-freezes"
      title="Freezes"
      description="No production release goes out during a freeze. Development and validation carry on."
    >
      <form ref={formRef} noValidate className="settings-card-body rule-form" onSubmit={(e) => void submit(e)}>
        {form.formError && <FormAlert message={form.formError} />}
        <div className="rule-form-row freeze-form-row">
          <Field name={FIELD_ID.name} label="Freeze name" error={errorOf('name')}>
            {(control) => (
              <input
                {...control}
                type="text"
                className="input"
                value={values.name}
                placeholder="e.g. Year-end freeze"
                autoComplete="off"
                onChange={(e) => set('name', e.target.value)}
                onBlur={() => blur('name')}
              />
            )}
          </Field>
          <Field name={FIELD_ID.start} label="Freeze start" error={errorOf('start')}>
            {(control) => (
              <input
                {...control}
                type="date"
                className="input"
                value={values.start}
                onChange={(e) => set('start', e.target.value)}
                onBlur={() => blur('start')}
              />
            )}
          </Field>
          <Field name={FIELD_ID.end} label="Freeze end" error={errorOf('end')} hint="Its last day, included.">
            {(control) => (
              <input
                {...control}
                type="date"
                className="input"
                value={values.end}
                min={values.start || undefined}
                onChange={(e) => set('end', e.target.value)}
                onBlur={() => blur('end')}
              />
            )}
          </Field>
        </div>
        <p className="rule-form-summary" aria-live="polite">
          {preview && `Freezes ${preview}`}
        </p>
        <div className="rule-form-row freeze-form-row-2">
          <Field name={FIELD_ID.reason} label="Reason" optional error={errorOf('reason')}>
            {(control) => (
              <input
                {...control}
                type="text"
                className="input"
                value={values.reason}
                placeholder="Shown to teams with the calendar"
                autoComplete="off"
                onChange={(e) => set('reason', e.target.value)}
                onBlur={() => blur('reason')}
              />
            )}
          </Field>
          <button type="submit" className="button rule-form-submit" disabled={form.saving}>
            <PlusIcon />
            Add freeze
          </button>
        </div>
      </form>

      <div className="rule-list-frame" ref={listRef}>
        {freezes.length === 0 ? (
          <p className="rule-empty">No freezes.</p>
        ) : (
          <ul className="rule-list">
            {sortedFreezes(freezes).map((f) => {
              const timing = freezeTiming(f, today);
              return (
                <li
                  key={f.id}
                  data-testid={`freeze-${f.id}`}
                  className={`rule-row freeze-row${timing === 'past' ? ' is-past' : ''}${
                    f.id === added ? ' is-highlighted' : ''
                  }`}
                >
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
                  <button
                    type="button"
                    className="button button-small button-remove"
                    title={`Remove freeze ${f.name}`}
                    onClick={() => setRemoving(f)}
                  >
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>

      {removing && (
        <ConfirmRemoveDialog
          title="Remove freeze?"
          subject={describeFreeze(removing)}
          consequence="will no longer hold releases back: release days inside it may go out again."
          confirmLabel="Remove freeze"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            const sorted = sortedFreezes(freezes).map((f) => f.id);
            const at = sorted.indexOf(removing.id);
            const neighbour = sorted[at + 1] ?? sorted[at - 1];
            const removed = await removeFreeze(removing.id);
            toast(`Removed freeze ${describeFreeze(removed)}`);
            focusAfterClose(() =>
              neighbour !== undefined
                ? listRef.current?.querySelector<HTMLElement>(`[data-testid="freeze-${neighbour}"] button`)
                : formRef.current?.querySelector<HTMLElement>(`#field-${FIELD_ID.name}`),
            );
          }}
        />
      )}
    </SettingsSection>
  );
}
