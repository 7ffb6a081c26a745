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

interface InputFieldProps extends Omit<BoundField<string>, 'onBlur'>, InputAttributes {
  /** Used for element ids, as in `Field`: the input is `field-<name>`. */
  name: string;
  label: string;
  hint?: ReactNode;
  optional?: boolean;
  /** Forms that check on leaving a field pass it (`useSettingsForm`'s `bind`); action forms check on submit. */
  onBlur?: (() => void) | undefined;
  /** A version reads best in the monospace face. */
  mono?: boolean;
  /** `dialog`: the Dialog focuses it when it opens (`data-autofocus`); `mount`: it takes focus itself (an inline form). */
  focus?: 'dialog' | 'mount' | undefined;
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
  error,
  value,
  onChange,
  onBlur,
  mono = false,
  focus,
  ...input
}: InputFieldProps) {
  const { type = 'text', className = mono ? 'input input-mono' : 'input' } = input;
  return (
    <Field name={name} label={label} hint={hint} error={error} optional={optional}>
      {(control) => (
        <input
          {...control}
          autoComplete={type === 'text' ? 'off' : undefined}
          data-autofocus={focus === 'dialog' ? true : undefined}
          autoFocus={focus === 'mount'}
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

/** A field typed exactly as it is elsewhere (a ticket id, a version, a link): no autocomplete, no spell check. */
export function ExactTextField(props: InputFieldProps) {
  return <InputField autoComplete="off" spellCheck={false} {...props} />;
}
