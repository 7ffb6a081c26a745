import { type FormEvent, useMemo, useRef, useState } from 'react';
import { afterPointerRelease } from '../../components/pointer-release';
import { type Deployment, PIN_POLICIES, type PinPolicy, TIERS, type Tier } from '../../../../shared/deployment';
import { isIanaTimeZone, knownTimeZones } from '../../../../shared/timezones';
import { ApiCallError } from '../../api/client';
import { Badge } from '../../components/Badge';
import { FormAlert } from '../../components/FormAlert';
import { CheckboxField, Field, RadioGroupField, type RadioOption } from '../../components/Field';
import { CloseIcon } from '../../components/icons';
import { usePairingGroups, useFleetStore } from '../../stores/fleet';
import { toast } from '../../stores/toasts';
import { useUiStore } from '../../stores/ui';
import {
  EMPTY_FORM,
  FORM_FIELDS,
  type FieldErrors,
  type FormField,
  type FormValues,
  changedFields,
  draftInput,
  formValuesOf,
  splitServerErrors,
  validateForm,
} from './deployment-form-model';
import { capitalize, currentOffset } from './format';
import { BlockedDatesSection } from './BlockedDatesSection';
import { LifecycleSection } from './LifecycleSection';
import { DeploymentRolloutSections } from '../rollouts/DeploymentHistory';

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
  const [values, setValues] = useState<FormValues>(() => (original ? formValuesOf(original) : EMPTY_FORM));
  const [touched, setTouched] = useState<ReadonlySet<FormField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const regions = useFleetStore((s) => s.regions);
  const internalKey = useFleetStore((s) => s.summary?.internalKey ?? null);
  const create = useFleetStore((s) => s.create);
  const update = useFleetStore((s) => s.update);
  const closePanel = useUiStore((s) => s.closePanel);
  const highlight = useUiStore((s) => s.highlight);
  const pairingGroups = usePairingGroups();

  const clientErrors = useMemo(() => validateForm(values), [values]);

  function errorOf(field: FormField): string | undefined {
    return serverErrors[field] ?? (submitted || touched.has(field) ? clientErrors[field] : undefined);
  }

  function set<F extends FormField>(field: F, value: FormValues[F]) {
    setValues((v) => ({ ...v, [field]: value }));
    // A server verdict is about the value it saw; once that value changes the verdict no longer applies.
    setServerErrors(({ [field]: _stale, ...rest }) => rest);
  }

  function blur(field: FormField) {
    afterPointerRelease(() => setTouched((t) => (t.has(field) ? t : new Set(t).add(field))));
  }

  function focusFirstInvalid(errors: FieldErrors) {
    const field = FORM_FIELDS.find((f) => errors[f]);
    if (!field) return;
    const target =
      formRef.current?.querySelector<HTMLElement>(`#field-${field}`) ??
      formRef.current?.querySelector<HTMLElement>(`input[name="${field}"]:checked`);
    target?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    if (Object.keys(clientErrors).length > 0) {
      focusFirstInvalid(clientErrors);
      return;
    }
    setSaving(true);
    try {
      if (original) {
        const changes = changedFields(original, values);
        if (Object.keys(changes).length > 0) {
          await update({ key: original.key, changes });
          toast(`Saved ${original.key}`);
        }
        highlight(original.key);
      } else {
        const created = await create(draftInput(values));
        toast(`Added ${created.key}`);
        highlight(created.key);
      }
      closePanel();
    } catch (err) {
      setSaving(false);
      if (!(err instanceof ApiCallError)) {
        setFormError(err instanceof Error ? err.message : String(err));
        return;
      }
      const { byField, unplaced } = splitServerErrors(err.error.fields);
      setServerErrors(byField);
      if (Object.keys(byField).length === 0 || unplaced.length > 0) setFormError(err.error.message);
      focusFirstInvalid(byField);
    }
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
            <p className="drawer-subtitle">
              {original.name}
              {original.status === 'retired' && <Badge tone="muted">Retired</Badge>}
            </p>
          ) : (
            <p className="drawer-subtitle">A production cell that receives each release train.</p>
          )}
        </div>
        <button type="button" className="icon-button" aria-label="Close" onClick={closePanel}>
          <CloseIcon />
        </button>
      </header>

      <div className="drawer-body">
        {formError && <FormAlert message={formError} />}

        <section className="form-section" aria-labelledby="form-section-identity">
          <h3 id="form-section-identity" className="form-section-title">
            Identity
          </h3>
          <Field
            name="key"
            label="Key"
            error={errorOf('key')}
            hint={
              original
                ? 'The key is permanent: history, plans and exports refer to it.'
                : 'Lowercase letters, digits and hyphens, e.g. us-east-3. It cannot be changed later.'
            }
          >
            {(control) => (
              <input
                {...control}
                type="text"
                className="input input-mono"
                value={values.key}
                readOnly={Boolean(original)}
                autoComplete="off"
                spellCheck={false}
                data-autofocus={original ? undefined : true}
                onChange={(e) => set('key', e.target.value)}
                onBlur={() => blur('key')}
              />
            )}
          </Field>
          <Field name="name" label="Name" error={errorOf('name')}>
            {(control) => (
              <input
                {...control}
                type="text"
                className="input"
                value={values.name}
                autoComplete="off"
                data-autofocus={original ? true : undefined}
                onChange={(e) => set('name', e.target.value)}
                onBlur={() => blur('name')}
              />
            )}
          </Field>
        </section>

        <section className="form-section" aria-labelledby="form-section-location">
          <h3 id="form-section-location" className="form-section-title">
            Location
          </h3>
          <div className="field-row">
            <Field name="region" label="Region" error={errorOf('region')}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  className="input"
                  list="region-options"
                  value={values.region}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => set('region', e.target.value)}
                  onBlur={() => blur('region')}
                />
              )}
            </Field>
            <Field
              name="timeZone"
              label="Time zone"
              error={errorOf('timeZone')}
              hint={offset ? `Now ${offset}` : 'An IANA name, e.g. Europe/Berlin.'}
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  className="input"
                  list="time-zone-options"
                  value={values.timeZone}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => set('timeZone', e.target.value)}
                  onBlur={() => blur('timeZone')}
                />
              )}
            </Field>
          </div>
          <datalist id="region-options">
            {regions.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <datalist id="time-zone-options">
            {knownTimeZones().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </section>

        <section className="form-section" aria-labelledby="form-section-rollout">
          <h3 id="form-section-rollout" className="form-section-title">
            Rollout
          </h3>
          <div className="field-row">
            <Field name="tier" label="Tier" error={errorOf('tier')}>
              {(control) => (
                <select
                  {...control}
                  className="input select"
                  value={values.tier}
                  onChange={(e) => set('tier', e.target.value as Tier)}
                  onBlur={() => blur('tier')}
                >
                  {TIERS.map((t) => (
                    <option key={t} value={t}>
                      {capitalize(t)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              name="weight"
              label="Weight"
              error={errorOf('weight')}
              hint="Customers or users served: the blast radius."
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  inputMode="numeric"
                  className="input input-number"
                  value={values.weight}
                  autoComplete="off"
                  onChange={(e) => set('weight', e.target.value)}
                  onBlur={() => blur('weight')}
                />
              )}
            </Field>
          </div>
          <Field
            name="pairingGroup"
            label="Pairing group"
            optional
            error={errorOf('pairingGroup')}
            hint="Members of one group never release in the same wave (e.g. a primary and its standby)."
          >
            {(control) => (
              <input
                {...control}
                type="text"
                className="input input-mono"
                list="pairing-group-options"
                value={values.pairingGroup}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => set('pairingGroup', e.target.value)}
                onBlur={() => blur('pairingGroup')}
              />
            )}
          </Field>
          <datalist id="pairing-group-options">
            {pairingGroups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
          <RadioGroupField
            name="pinPolicy"
            label="Pin policy"
            value={values.pinPolicy}
            options={PIN_OPTIONS}
            error={errorOf('pinPolicy')}
            onChange={(v) => set('pinPolicy', v)}
            onBlur={() => blur('pinPolicy')}
          />
          <CheckboxField
            name="earlyOptOut"
            label="Opt out of early waves"
            checked={values.earlyOptOut}
            error={errorOf('earlyOptOut')}
            hint="Never in an early customer wave, whatever its turn: for a customer who asked to go later."
            onChange={(v) => set('earlyOptOut', v)}
            onBlur={() => blur('earlyOptOut')}
          />
          <CheckboxField
            name="internal"
            label="Internal deployment"
            checked={values.internal}
            error={errorOf('internal')}
            hint={
              otherInternal
                ? `Receives every release first; exactly one deployment is internal (now ${otherInternal}).`
                : 'Receives every release first; exactly one deployment is internal.'
            }
            onChange={(v) => set('internal', v)}
            onBlur={() => blur('internal')}
          />
        </section>

        {original && <BlockedDatesSection deployment={original} />}
        {original && <DeploymentRolloutSections deploymentKey={original.key} />}
        {original && <LifecycleSection deployment={original} />}
      </div>

      <footer className="drawer-footer">
        <button type="button" className="button" onClick={closePanel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </footer>
    </form>
  );
}
