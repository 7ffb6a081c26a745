import { Field } from './Field';

interface ReasonFieldProps {
  /** Used for element ids, as in Field: the control is `field-<name>`. */
  name: string;
  label?: string;
  hint?: string;
  error?: string | undefined;
  optional?: boolean;
  value: string;
  onChange: (value: string) => void;
  rows?: number | undefined;
  maxLength?: number;
  /** `dialog`: the Dialog focuses it when it opens (`data-autofocus`); `mount`: it takes focus itself (an inline form). */
  focus?: 'dialog' | 'mount';
}

/** The reason an action asks for (recorded with the change): a labelled textarea with its hint and inline error. */
export function ReasonField({
  name,
  label = 'Reason',
  hint,
  error,
  optional = false,
  value,
  onChange,
  rows = 3,
  maxLength,
  focus = 'dialog',
}: ReasonFieldProps) {
  return (
    <Field name={name} label={label} optional={optional} error={error} hint={hint}>
      {(control) => (
        <textarea
          {...control}
          className="input"
          rows={rows}
          maxLength={maxLength}
          value={value}
          data-autofocus={focus === 'dialog' ? true : undefined}
          autoFocus={focus === 'mount'}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
