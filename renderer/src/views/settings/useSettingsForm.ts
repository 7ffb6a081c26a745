import { type RefObject, useMemo, useState } from 'react';
import type { FieldError } from '../../../../shared/errors';
import { ApiCallError } from '../../api/client';
import type { BoundField } from '../../components/InputField';
import { afterPointerRelease } from '../../components/pointer-release';
import { type FieldErrors, splitServerErrors } from './form-errors';
import { errorMessage } from '../../../../shared/errors';

/**
 * The house form behaviour for a flat form: messages appear when a field is left or
 * the form is submitted, computed with the backend's schemas (`validate`); a server
 * refusal is placed under its field, the rest becomes one alert; a server message
 * about a field goes away when that field changes. A refused submit focuses the
 * first field with a message, found under `ref` by its `Field` id.
 */
export function useSettingsForm<V extends Record<F, unknown>, F extends string>(options: {
  initial: V;
  fields: readonly F[];
  validate: (values: V) => FieldErrors<F>;
  /** The server names fields under this path (e.g. `cadence` for `cadence.lengthDays`). */
  serverPrefix?: string;
  /** Places a server refusal when its field names need more than a prefix taken off. */
  placeServerErrors?: (fields: readonly FieldError[] | undefined) => {
    byField: FieldErrors<F>;
    unplaced: readonly unknown[];
  };
  /** The element id of a field's control is `field-<fieldId(field)>`. */
  fieldId?: (field: F) => string;
  /** False: messages wait for a submit, not for the field to be left. */
  validateOnBlur?: boolean;
  /** The element the fields are in, where a refused submit finds the control to focus. */
  root?: RefObject<HTMLElement | null>;
}) {
  const { initial, fields, validate, serverPrefix = '', fieldId = (f: F) => f, validateOnBlur = true, root } = options;
  const [values, setValues] = useState<V>(initial);
  const [touched, setTouched] = useState<ReadonlySet<F>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const clientErrors = useMemo(() => validate(values), [validate, values]);
  const isShown = (f: string): f is F => (fields as readonly string[]).includes(f);
  const placeServerErrors =
    options.placeServerErrors ??
    ((f: readonly FieldError[] | undefined) => {
      const { byField, unplaced } = splitServerErrors(f, serverPrefix, isShown);
      return { byField: byField as FieldErrors<F>, unplaced };
    });

  function errorOf(field: F): string | undefined {
    return serverErrors[field] ?? (submitted || touched.has(field) ? clientErrors[field] : undefined);
  }

  function set<K extends F>(field: K, value: V[K]) {
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors(({ [field]: _stale, ...rest }) => rest as FieldErrors<F>);
  }

  function blur(field: F) {
    if (!validateOnBlur) return;
    afterPointerRelease(() => setTouched((t) => (t.has(field) ? t : new Set(t).add(field))));
  }

  /** Value, message and handlers of one field, to spread on an `InputField` or a radio group. */
  function bind<K extends F>(field: K): BoundField<V[K]> {
    return {
      value: values[field],
      error: errorOf(field),
      onChange: (value) => set(field, value),
      onBlur: () => blur(field),
    };
  }

  function reset(next: V) {
    setValues(next);
    setTouched(new Set());
    setSubmitted(false);
    setServerErrors({});
    setFormError(null);
  }

  /** A field's control; for a radio group, which has no control of that id, its chosen option. */
  function controlOf(field: F): HTMLElement | null | undefined {
    const id = fieldId(field);
    return (
      root?.current?.querySelector<HTMLElement>(`#field-${id}`) ??
      root?.current?.querySelector<HTMLElement>(`input[name="${id}"]:checked`)
    );
  }

  function focus(field: F | undefined) {
    if (field) controlOf(field)?.focus();
  }

  /** The first field with a message. */
  function firstInvalid(errors: FieldErrors<F>): F | undefined {
    return fields.find((f) => errors[f]);
  }

  /**
   * Validates, then runs `save`; returns true when it succeeded. On failure the
   * messages are in place and the first field with one has the focus.
   */
  async function submit(save: (values: V) => Promise<void>) {
    setSubmitted(true);
    setFormError(null);
    if (Object.keys(clientErrors).length > 0) {
      focus(firstInvalid(clientErrors));
      return false;
    }
    setSaving(true);
    try {
      await save(values);
      return true;
    } catch (err) {
      if (!(err instanceof ApiCallError)) {
        setFormError(errorMessage(err));
        return false;
      }
      const { byField, unplaced } = placeServerErrors(err.error.fields);
      setServerErrors(byField);
      if (Object.keys(byField).length === 0 || unplaced.length > 0) setFormError(err.error.message);
      focus(firstInvalid(byField));
      return false;
    } finally {
      setSaving(false);
    }
  }

  return { values, set, blur, bind, errorOf, reset, controlOf, focus, submit, formError, saving };
}

export type SettingsForm<V extends Record<F, unknown>, F extends string> = ReturnType<typeof useSettingsForm<V, F>>;
