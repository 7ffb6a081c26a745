import { useRef } from 'react';
import type { Cadence } from '../../../../shared/cadence';
import { type Day, formatDay } from '../../../../shared/days';
import { FormAlert } from '../../components/FormAlert';
import { InputField } from '../../components/InputField';
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
import { SettingsForm, SettingsSection } from './SettingsSection';
import { useResetOnSaved } from './useResetOnSaved';
import { useSettingsForm } from './useSettingsForm';

const FIELD_NAME: Record<CadenceField, string> = {
  lengthDays: 'cadence-length',
  anchorDate: 'cadence-anchor',
  versionPattern: 'cadence-pattern',
};

/** Cadence length, anchor and version pattern, with the next versions the pattern would give. */
export function CadenceSection({ saved, today }: { saved: Cadence; today: Day }) {
  const update = useSettingsStore((s) => s.update);
  const formRef = useRef<HTMLFormElement>(null);
  const form = useSettingsForm({
    root: formRef,
    initial: cadenceValuesOf(saved),
    fields: CADENCE_FIELDS,
    validate: validateCadence,
    serverPrefix: 'cadence',
    fieldId: (field) => FIELD_NAME[field],
  });
  const { values, bind } = form;
  useResetOnSaved(saved, (cadence) => form.reset(cadenceValuesOf(cadence)));

  const preview = previewVersions(values, today);

  function submit() {
    void form.submit(async (v) => {
      await update({ cadence: cadenceInput(v) });
      toast('Saved cadence');
    });
  }

  return (
    <SettingsSection
      id="settings-cadence"
      title="Cadence"
      description="How often a new train starts, from which day, and how its version is written. Trains already planned keep their dates and versions; new plans follow these settings."
    >
      <SettingsForm
        formRef={formRef}
        onSubmit={submit}
        bodyClassName="cadence-layout"
        dirty={isCadenceChanged(saved, values)}
        saving={form.saving}
        label="Save cadence"
        onDiscard={() => form.reset(cadenceValuesOf(saved))}
      >
        <div className="cadence-fields">
          {form.formError && <FormAlert message={form.formError} />}
          <div className="cadence-row">
            <InputField
              name={FIELD_NAME.lengthDays}
              label="Cadence (days)"
              hint="Days from one train’s start to the next; 14 is every two weeks."
              inputMode="numeric"
              className="input input-number"
              {...bind('lengthDays')}
            />
            <InputField
              name={FIELD_NAME.anchorDate}
              label="Anchor date"
              optional
              hint={anchorHint(values)}
              type="date"
              {...bind('anchorDate')}
            />
          </div>
          <InputField
            name={FIELD_NAME.versionPattern}
            label="Version pattern"
            hint="Tokens are replaced for each train; anything else is kept as typed."
            className="input input-mono"
            spellCheck={false}
            {...bind('versionPattern')}
          />
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
      </SettingsForm>
    </SettingsSection>
  );
}
