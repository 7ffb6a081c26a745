import { useEffect, useRef } from 'react';
import { WarningIcon } from './icons';

/** An error about a whole form or action; it scrolls itself into view, since the person may be looking elsewhere in a long panel. */
export function FormAlert({ message }: { message: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [message]);
  return (
    <div ref={ref} className="form-alert" role="alert">
      <WarningIcon />
      <span>{message}</span>
    </div>
  );
}
