import { type FormEvent, useRef, useState } from 'react';
import type { Cadence } from '../../../../shared/cadence';
import { type Day, formatDay } from '../../../../shared/days';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useSettingsStore } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import {
  CADENCE_FIELDS,
  type CadenceField,
  TOKEN_HELP,
  anchorHint,
  cadenceInput,
  cadenceValuesOf,
  isCadenceChanged,
  previewVersions,
  validateCadence,
} from './cadence-model';
import { SaveBar, SettingsSection } from './SettingsSection';
import { useSettingsForm } from './useSettingsForm';

const FIELD_NAME: Record<CadenceField, string> = {
  lengthDays: 'cadence-length',
  anchorDate: 'cadence-anchor',
  versionPattern: 'cadence-pattern',
};

/** Cadence length, anchor and version pattern, with the next versions the pattern would give. */
export function CadenceSection({ saved, today }: { saved: Cadence; today: Day }) {
  const update = useSettingsStore((s) => s.update);
  const form = useSettingsForm({
    initial: cadenceValuesOf(saved),
    fields: CADENCE_FIELDS,
    validate: validateCadence,
    serverPrefix: 'cadence',
  });
  const { values, set, blur, errorOf } = form;
  const formRef = useRef<HTMLFormElement>(null);

  // A save (here or by a refresh) brings new stored values: the form starts from them.
  const savedKey = JSON.stringify(saved);
  const [shownKey, setShownKey] = useState(savedKey);
  if (shownKey !== savedKey) {
    setShownKey(savedKey);
    form.reset(cadenceValuesOf(saved));
  }

  const dirty = isCadenceChanged(saved, values);
  const preview = previewVersions(values, today);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await form.submit(
      async (v) => {
        await update({ cadence: cadenceInput(v) });
        toast('Saved cadence');
      },
      (field) => field && formRef.current?.querySelector<HTMLElement>(`#field-${FIELD_NAME[field]}`)?.focus(),
    );
  }

  return (
    <SettingsSection
      id="settings-cadence"
      title="Cadence"
      description="How often a new train starts, from which day, and how its version is written. Trains already planned keep their dates and versions; new plans follow these settings."
    >
      <form ref={formRef} noValidate onSubmit={(e) => void submit(e)}>
        <div className="settings-card-body cadence-layout">
          <div className="cadence-fields">
            {form.formError && <FormAlert message={form.formError} />}
            <div className="cadence-row">
              <Field
                name={FIELD_NAME.lengthDays}
                label="Cadence (days)"
                error={errorOf('lengthDays')}
                hint="Days from one train’s start to the next; 14 is every two weeks."
              >
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    inputMode="numeric"
                    className="input input-number"
                    value={values.lengthDays}
                    autoComplete="off"
                    onChange={(e) => set('lengthDays', e.target.value)}
                    onBlur={() => blur('lengthDays')}
                  />
                )}
              </Field>
              <Field
                name={FIELD_NAME.anchorDate}
                label="Anchor date"
                optional
                error={errorOf('anchorDate')}
                hint={anchorHint(values)}
              >
                {(control) => (
                  <input
                    {...control}
                    type="date"
                    className="input"
                    value={values.anchorDate}
                    onChange={(e) => set('anchorDate', e.target.value)}
                    onBlur={() => blur('anchorDate')}
                  />
                )}
              </Field>
            </div>
            <Field
              name={FIELD_NAME.versionPattern}
              label="Version pattern"
              error={errorOf('versionPattern')}
              hint="Tokens are replaced for each train; anything else is kept as typed."
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  className="input input-mono"
                  value={values.versionPattern}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => set('versionPattern', e.target.value)}
                  onBlur={() => blur('versionPattern')}
                />
              )}
            </Field>
            <dl className="token-help" aria-label="Version tokens">
              {TOKEN_HELP.map(({ token, meaning }) => (
                <div key={token} className="token-help-item">
                  <dt>
                    <code>{token}</code>
                  </dt>
                  <dd>{meaning}</dd>
                </div>
              ))}
            </dl>
          </div>

          <aside className="version-preview" aria-labelledby="version-preview-title" aria-live="polite">
            <h3 id="version-preview-title" className="version-preview-title">
              Next versions
            </h3>
            {preview ? (
              <>
                <ol className="version-preview-list" data-testid="version-preview">
                  {preview.trains.map((t) => (
                    <li key={t.start}>
                      <span className="version-preview-version">{t.version}</span>
                      <span className="version-preview-start">starts {formatDay(t.start, { weekday: true })}</span>
                    </li>
                  ))}
                </ol>
                <p className="version-preview-note">
                  {preview.exampleAnchor
                    ? `Example with a first train on ${formatDay(preview.anchorDate, { weekday: true })}; the first plan sets the anchor.`
                    : `Counted from the anchor, ${formatDay(preview.anchorDate, { weekday: true })}.`}
                </p>
              </>
            ) : (
              <p className="version-preview-note">Correct the fields to see the versions.</p>
            )}
          </aside>
        </div>
        <SaveBar
          dirty={dirty}
          saving={form.saving}
          label="Save cadence"
          onDiscard={() => form.reset(cadenceValuesOf(saved))}
        />
      </form>
    </SettingsSection>
  );
}
