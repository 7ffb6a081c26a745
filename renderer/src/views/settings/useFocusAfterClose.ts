import { useEffect, useRef } from 'react';

/**
 * Focus for when a dialog closes after removing a row: the native dialog gives
 * focus back to the button that opened it, which the removal has just taken away,
 * so keyboard users would land on the page's start. `focusAfterClose(find)` names
 * where to go instead; it runs once, after the dialog is gone.
 */
export function useFocusAfterClose(open: boolean): (find: () => HTMLElement | null | undefined) => void {
  const target = useRef<(() => HTMLElement | null | undefined) | null>(null);
  useEffect(() => {
    if (open || !target.current) return;
    const find = target.current;
    target.current = null;
    find()?.focus();
  }, [open]);
  return (find) => {
    target.current = find;
  };
}
