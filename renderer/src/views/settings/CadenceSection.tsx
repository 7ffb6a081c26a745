import { useRef } from 'react';
import type { Cadence } from '../../../../shared/cadence';
import type { Day } from '../../../../shared/days';
import { FormAlert } from '../../components/FormAlert';
import { InputField } from '../../components/InputField';
import { useSettingsStore } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import {
  CADENCE_FIELDS,
  type CadenceField,
  anchorHint,
  cadenceInput,
  cadenceValuesOf,
  isCadenceChanged,
  validateCadence,
} from './cadence-model';
import { SettingsForm, SettingsSection } from './SettingsSection';
import { useResetOnSaved } from './useResetOnSaved';
import { useSettingsForm } from './useSettingsForm';
import { TokenHelp, VersionPreview } from './VersionPreview';

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
        method="settings.update"
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
          <TokenHelp />
        </div>

        <VersionPreview values={values} today={today} />
      </SettingsForm>
    </SettingsSection>
  );
}
