import { useEffect } from 'react';
import { useCalendarStore } from '../../stores/calendar';
import { CALENDAR_VIEW_IDS, CALENDAR_VIEWS } from './layout';

/** True when a key press belongs to something else: typing, a native control, or an open dialog. */
function isForSomethingElse(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return true;
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  // A modal (train detail, plan) owns the keyboard; the calendar behind it is inert.
  return target.closest('dialog') !== null || document.querySelector('dialog[open]') !== null;
}

/** ←/→ previous/next, T today, M/W/L switch views; on the whole window while the calendar is shown. */
export function useCalendarShortcuts(): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isForSomethingElse(event)) return;
      const store = useCalendarStore.getState();
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const view = CALENDAR_VIEW_IDS.find((id) => CALENDAR_VIEWS[id].shortcut === key);
      if (key === 'ArrowLeft') store.navigate('prev');
      else if (key === 'ArrowRight') store.navigate('next');
      else if (key === 't') store.navigate('today');
      else if (view) store.setView(view);
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
