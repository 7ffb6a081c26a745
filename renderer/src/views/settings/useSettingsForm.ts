import { useMemo, useState } from 'react';
import { afterPointerRelease } from '../../components/pointer-release';
import { ApiCallError } from '../../api/client';
import { splitServerErrors } from './form-errors';

type Errors<F extends string> = Partial<Record<F, string>>;

/**
 * The house form behaviour for a flat form of settings: messages appear when a
 * field is left or the form is submitted, computed with the backend's schemas
 * (`validate`); a server refusal is placed under its field, the rest becomes
 * one alert; a server message about a field goes away when that field changes.
 */
export function useSettingsForm<V extends Record<F, unknown>, F extends string>(options: {
  initial: V;
  fields: readonly F[];
  validate: (values: V) => Errors<F>;
  /** The server names fields under this path (e.g. `cadence` for `cadence.lengthDays`). */
  serverPrefix?: string;
}) {
  const { initial, fields, validate, serverPrefix = '' } = options;
  const [values, setValues] = useState<V>(initial);
  const [touched, setTouched] = useState<ReadonlySet<F>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const clientErrors = useMemo(() => validate(values), [validate, values]);

  function errorOf(field: F): string | undefined {
    return serverErrors[field] ?? (submitted || touched.has(field) ? clientErrors[field] : undefined);
  }

  function set<K extends F>(field: K, value: V[K]) {
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors(({ [field]: _stale, ...rest }) => rest as Errors<F>);
  }

  function blur(field: F) {
    afterPointerRelease(() => setTouched((t) => (t.has(field) ? t : new Set(t).add(field))));
  }

  function reset(next: V) {
    setValues(next);
    setTouched(new Set());
    setSubmitted(false);
    setServerErrors({});
    setFormError(null);
  }

  /** The first field with a message, for focus after a refused submit. */
  function firstInvalid(errors: Errors<F>): F | undefined {
    return fields.find((f) => errors[f]);
  }

  /**
   * Validates, then runs `save`; returns true when it succeeded. On failure the
   * messages are in place and `onInvalid` gets the first field to focus.
   */
  async function submit(save: (values: V) => Promise<void>, onInvalid: (field: F | undefined) => void) {
    setSubmitted(true);
    setFormError(null);
    if (Object.keys(clientErrors).length > 0) {
      onInvalid(firstInvalid(clientErrors));
      return false;
    }
    setSaving(true);
    try {
      await save(values);
      return true;
    } catch (err) {
      if (!(err instanceof ApiCallError)) {
        setFormError(err instanceof Error ? err.message : String(err));
        return false;
      }
      const shown = (f: string): f is F => (fields as readonly string[]).includes(f);
      const { byField, unplaced } = splitServerErrors(err.error.fields, serverPrefix, shown);
      setServerErrors(byField as Errors<F>);
      if (Object.keys(byField).length === 0 || unplaced.length > 0) setFormError(err.error.message);
      onInvalid(firstInvalid(byField as Errors<F>));
      return false;
    } finally {
      setSaving(false);
    }
  }

  return { values, set, blur, errorOf, reset, submit, formError, saving };
}
