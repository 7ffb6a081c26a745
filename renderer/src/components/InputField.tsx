import type { InputHTMLAttributes, ReactNode } from 'react';
import { Field } from './Field';

/** One field as a form hook hands it out: its value, its message, and what changing and leaving it do. */
export interface BoundField<T> {
  value: T;
  error: string | undefined;
  onChange: (value: T) => void;
  onBlur: () => void;
}

type InputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'value' | 'onChange' | 'onBlur'>;

interface InputFieldProps extends BoundField<string>, InputAttributes {
  /** Used for element ids, as in `Field`: the input is `field-<name>`. */
  name: string;
  label: string;
  hint?: ReactNode;
  optional?: boolean;
}

/**
 * A labelled input bound to one form field: a text box unless `type` says otherwise,
 * with the browser's autofill off for text (the values are the app's own words).
 */
export function InputField({
  name,
  label,
  hint,
  optional,
  value,
  error,
  onChange,
  onBlur,
  type = 'text',
  className = 'input',
  autoComplete = type === 'text' ? 'off' : undefined,
  ...attributes
}: InputFieldProps) {
  return (
    <Field name={name} label={label} hint={hint} error={error} optional={optional}>
      {(control) => (
        <input
          {...control}
          {...attributes}
          type={type}
          className={className}
          autoComplete={autoComplete}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      )}
    </Field>
  );
}
