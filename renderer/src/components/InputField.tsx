import type { InputHTMLAttributes } from 'react';
import { Field } from './Field';

interface InputFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'value' | 'onChange'> {
  /** Used for element ids, as in Field: the control is `field-<name>`. */
  name: string;
  label: string;
  hint?: string;
  error: string | undefined;
  optional?: boolean;
  value: string;
  /** A version reads best in the monospace face. */
  mono?: boolean;
  /** `dialog`: the Dialog focuses it when it opens (`data-autofocus`); `mount`: it takes focus itself (an inline form). */
  focus?: 'dialog' | 'mount';
  onChange: (value: string) => void;
}

/** A labelled one-line input with its hint and inline error; any other input attribute is passed on. */
export function InputField({
  name,
  label,
  hint,
  error,
  optional = false,
  mono = false,
  focus,
  onChange,
  ...input
}: InputFieldProps) {
  return (
    <Field name={name} label={label} optional={optional} error={error} hint={hint}>
      {(control) => (
        <input
          {...control}
          type="text"
          className={mono ? 'input input-mono' : 'input'}
          data-autofocus={focus === 'dialog' ? true : undefined}
          autoFocus={focus === 'mount'}
          {...input}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A field typed exactly as it is elsewhere (a ticket id, a version, a link): no autocomplete, no spell check. */
export function ExactTextField(props: InputFieldProps) {
  return <InputField autoComplete="off" spellCheck={false} {...props} />;
}
