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
export function InputField({ name, label, hint, optional, error, value, onChange, onBlur, ...input }: InputFieldProps) {
  const { type = 'text', className = 'input' } = input;
  return (
    <Field name={name} label={label} hint={hint} error={error} optional={optional}>
      {(control) => (
        <input
          {...control}
          autoComplete={type === 'text' ? 'off' : undefined}
          {...input}
          type={type}
          className={className}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      )}
    </Field>
  );
}

/** The last day of a range of dates, which the range includes. */
export function LastDayField(props: Omit<InputFieldProps, 'type' | 'hint'>) {
  return <InputField {...props} type="date" hint="Its last day, included." />;
}
