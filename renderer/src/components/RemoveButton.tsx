import type { ButtonHTMLAttributes } from 'react';
import './removable-rows.css';

type RemoveButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'className' | 'children'>;

/** "Remove" at the end of a `removable-row`; `title` or `aria-label` names what it removes. */
export function RemoveButton(props: RemoveButtonProps) {
  return (
    <button type="button" className="button remove-button" {...props}>
      Remove
    </button>
  );
}
