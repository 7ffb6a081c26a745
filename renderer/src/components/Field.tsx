import type { ReactNode } from 'react';

/** What a form control needs to be labelled and tied to its hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

interface FieldShape {
  /** Used for element ids: the error is always `<name>-error`. */
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

function describedBy(name: string, hint: ReactNode, error: string | undefined): string | undefined {
  const ids = [error ? `${name}-error` : null, hint ? `${name}-hint` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function HintAndError({ name, hint, error }: Pick<FieldShape, 'name' | 'hint' | 'error'>) {
  return (
    <>
      {error && (
        <p id={`${name}-error`} className="field-error">
          {error}
        </p>
      )}
      {hint && (
        <p id={`${name}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </>
  );
}

interface FieldProps extends FieldShape {
  optional?: boolean | undefined;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled text-like control with its hint below and, when invalid, its error above the hint. */
export function Field({ name, label, hint, error, optional = false, children }: FieldProps) {
  const id = `field-${name}`;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <div className="field-label-row">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        {optional && <span className="field-optional">Optional</span>}
      </div>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy(name, hint, error) })}
      <HintAndError name={name} hint={hint} error={error} />
    </div>
  );
}

interface CheckboxFieldProps extends FieldShape {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Forms that check a field when it is left pass this; the others leave it out. */
  onBlur?: (() => void) | undefined;
}

export function CheckboxField({ name, label, hint, error, checked, onChange, onBlur }: CheckboxFieldProps) {
  const id = `field-${name}`;
  return (
    <div className={`field field-checkbox${error ? ' field-invalid' : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        onBlur={onBlur}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(name, hint, error)}
      />
      <div>
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        <HintAndError name={name} hint={hint} error={error} />
      </div>
    </div>
  );
}

export interface RadioOption<V extends string> {
  value: V;
  label: string;
  description: string;
}

interface RadioGroupFieldProps<V extends string> extends FieldShape {
  value: V;
  options: readonly RadioOption<V>[];
  onChange: (value: V) => void;
  /** Forms that check a field when it is left pass this; the others leave it out. */
  onBlur?: (() => void) | undefined;
}

export function RadioGroupField<V extends string>({
  name,
  label,
  hint,
  error,
  value,
  options,
  onChange,
  onBlur,
}: RadioGroupFieldProps<V>) {
  return (
    <fieldset
      className={`field field-radios${error ? ' field-invalid' : ''}`}
      aria-describedby={describedBy(name, hint, error)}
      aria-invalid={Boolean(error)}
    >
      <legend className="field-label">{label}</legend>
      <div className="radio-options">
        {options.map((o) => {
          const id = `field-${name}-${o.value}`;
          return (
            <div key={o.value} className={`radio-option${o.value === value ? ' is-selected' : ''}`}>
              <input
                id={id}
                type="radio"
                name={name}
                value={o.value}
                checked={o.value === value}
                onChange={() => onChange(o.value)}
                onBlur={onBlur}
                aria-labelledby={`${id}-label`}
                aria-describedby={`${id}-description`}
              />
              {/* The whole card is the click target; the name stays the short label, the sentence describes it. */}
              <label htmlFor={id}>
                <span id={`${id}-label`} className="radio-option-label">
                  {o.label}
                </span>
                <span id={`${id}-description`} className="radio-option-description">
                  {o.description}
                </span>
              </label>
            </div>
          );
        })}
      </div>
      <HintAndError name={name} hint={hint} error={error} />
    </fieldset>
  );
}
