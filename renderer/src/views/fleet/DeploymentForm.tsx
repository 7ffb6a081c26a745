import { type FormEvent, useRef } from 'react';
import { type Deployment, PIN_POLICIES, type PinPolicy, TIERS, type Tier } from '../../../../shared/deployment';
import { isIanaTimeZone, knownTimeZones } from '../../../../shared/timezones';
import { Badge } from '../../components/Badge';
import { FormAlert } from '../../components/FormAlert';
import { CheckboxField, Field, RadioGroupField, type RadioOption } from '../../components/Field';
import { CloseButton } from '../../components/CloseButton';
import { FormSection } from '../../components/FormSection';
import { InputField } from '../../components/InputField';
import { FormActions } from '../../components/FormActions';
import { usePairingGroups, useFleetStore } from '../../stores/fleet';
import { toast } from '../../stores/toasts';
import { useUiStore } from '../../stores/ui';
import { useSettingsForm } from '../settings/useSettingsForm';
import {
  EMPTY_FORM,
  FORM_FIELDS,
  changedFields,
  draftInput,
  formValuesOf,
  splitServerErrors,
  validateForm,
} from './deployment-form-model';
import { capitalize, currentOffset, releaseWindowLabel } from './format';
import { ReleaseWindowField } from './ReleaseWindowField';
import { BlockedDatesSection } from './BlockedDatesSection';
import { LifecycleSection } from './LifecycleSection';
import { DeploymentRolloutSections } from '../rollouts/DeploymentHistory';
import { useMayCall } from '../../stores/session';

const PIN_TEXT: Record<PinPolicy, Omit<RadioOption<PinPolicy>, 'value'>> = {
  none: { label: 'None', description: 'Fair ordering may place it in any customer wave.' },
  late: { label: 'Late', description: 'Only ever in the last wave.' },
};
const PIN_OPTIONS = PIN_POLICIES.map((value) => ({ value, ...PIN_TEXT[value] }));

interface DeploymentFormProps {
  /** The deployment being edited; absent when adding one. */
  original?: Deployment;
}

/** Add or edit one deployment, validated on blur and on submit with the backend's own schemas. */
export function DeploymentForm({ original }: DeploymentFormProps) {
  const maySave = useMayCall(original ? 'deployments.update' : 'deployments.create');
  const formRef = useRef<HTMLFormElement>(null);
  const form = useSettingsForm({
    root: formRef,
    initial: original ? formValuesOf(original) : EMPTY_FORM,
    fields: FORM_FIELDS,
    validate: validateForm,
    placeServerErrors: splitServerErrors,
  });
  const { values, bind } = form;

  const regions = useFleetStore((s) => s.regions);
  const internalKey = useFleetStore((s) => s.summary?.internalKey ?? null);
  const create = useFleetStore((s) => s.create);
  const update = useFleetStore((s) => s.update);
  const closePanel = useUiStore((s) => s.closePanel);
  const highlight = useUiStore((s) => s.highlight);
  const pairingGroups = usePairingGroups();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await form.submit(async (v) => {
      if (original) {
        const changes = changedFields(original, v);
        if (Object.keys(changes).length > 0) {
          await update({ key: original.key, changes });
          toast(`Saved ${original.key}`);
        }
        highlight(original.key);
      } else {
        const created = await create(draftInput(v));
        toast(`Added ${created.key}`);
        highlight(created.key);
      }
      closePanel();
    });
  }

  const title = original ? `Edit ${original.key}` : 'Add deployment';
  const zone = values.timeZone.trim();
  const offset = isIanaTimeZone(zone) ? currentOffset(zone, new Date()) : null;
  const otherInternal = internalKey && internalKey !== original?.key ? internalKey : null;

  return (
    <form ref={formRef} className="drawer-form" noValidate onSubmit={(e) => void submit(e)}>
      <header className="drawer-header">
        <div className="drawer-title">
          <h2>{title}</h2>
          {original ? (
            <>
              <p className="drawer-subtitle">
                {original.name}
                {original.status === 'retired' && <Badge tone="muted">Retired</Badge>}
              </p>
              {original.releaseWindow && (
                <p className="drawer-subtitle" data-testid="release-window-summary">
                  Releases {releaseWindowLabel(original.releaseWindow, original.timeZone)}
                </p>
              )}
            </>
          ) : (
            <p className="drawer-subtitle">A production cell that receives each release train.</p>
          )}
        </div>
        <CloseButton onClick={closePanel} />
      </header>

      <div className="drawer-body">
        {form.formError && <FormAlert message={form.formError} />}

        <FormSection id="identity" title="Identity">
          <InputField
            name="key"
            label="Key"
            hint={
              original
                ? 'The key is permanent: history, plans and exports refer to it.'
                : 'Lowercase letters, digits and hyphens, e.g. us-east-3. It cannot be changed later.'
            }
            className="input input-mono"
            readOnly={Boolean(original)}
            spellCheck={false}
            data-autofocus={original ? undefined : true}
            {...bind('key')}
          />
          <InputField name="name" label="Name" data-autofocus={original ? true : undefined} {...bind('name')} />
        </FormSection>

        <FormSection id="location" title="Location">
          <div className="field-row">
            <InputField name="region" label="Region" list="region-options" spellCheck={false} {...bind('region')} />
            <InputField
              name="timeZone"
              label="Time zone"
              hint={offset ? `Now ${offset}` : 'An IANA name, e.g. Europe/Berlin.'}
              list="time-zone-options"
              spellCheck={false}
              {...bind('timeZone')}
            />
          </div>
          <Suggestions id="region-options" values={regions} />
          <Suggestions id="time-zone-options" values={knownTimeZones()} />
          <ReleaseWindowField start={bind('releaseWindowStart')} end={bind('releaseWindowEnd')} zone={zone} />
        </FormSection>

        <FormSection id="rollout" title="Rollout">
          <div className="field-row">
            <Field name="tier" label="Tier" error={form.errorOf('tier')}>
              {(control) => (
                <select
                  {...control}
                  className="input select"
                  value={values.tier}
                  onChange={(e) => form.set('tier', e.target.value as Tier)}
                  onBlur={() => form.blur('tier')}
                >
                  {TIERS.map((t) => (
                    <option key={t} value={t}>
                      {capitalize(t)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <InputField
              name="weight"
              label="Weight"
              hint="Customers or users served: the blast radius."
              inputMode="numeric"
              className="input input-number"
              {...bind('weight')}
            />
          </div>
          <InputField
            name="pairingGroup"
            label="Pairing group"
            optional
            hint="Members of one group never release in the same wave (e.g. a primary and its standby)."
            className="input input-mono"
            list="pairing-group-options"
            spellCheck={false}
            {...bind('pairingGroup')}
          />
          <Suggestions id="pairing-group-options" values={pairingGroups} />
          <RadioGroupField name="pinPolicy" label="Pin policy" options={PIN_OPTIONS} {...bind('pinPolicy')} />
          <CheckboxField
            name="earlyOptOut"
            label="Opt out of early waves"
            checked={values.earlyOptOut}
            error={form.errorOf('earlyOptOut')}
            hint="Never in an early customer wave, whatever its turn: for a customer who asked to go later."
            onChange={(v) => form.set('earlyOptOut', v)}
            onBlur={() => form.blur('earlyOptOut')}
          />
          <CheckboxField
            name="internal"
            label="Internal deployment"
            checked={values.internal}
            error={form.errorOf('internal')}
            hint={
              otherInternal
                ? `Receives every release first; exactly one deployment is internal (now ${otherInternal}).`
                : 'Receives every release first; exactly one deployment is internal.'
            }
            onChange={(v) => form.set('internal', v)}
            onBlur={() => form.blur('internal')}
          />
        </FormSection>

        {original && <BlockedDatesSection deployment={original} />}
        {original && <DeploymentRolloutSections deploymentKey={original.key} />}
        {original && <LifecycleSection deployment={original} />}
      </div>

      <FormActions
        className="drawer-footer"
        submitLabel="Save"
        busyLabel="Saving…"
        busy={form.saving}
        refusal={maySave.reason}
        onCancel={closePanel}
      />
    </form>
  );
}

/** Values a text field suggests as the person types (its `list`). */
function Suggestions({ id, values }: { id: string; values: readonly string[] }) {
  return (
    <datalist id={id}>
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}
