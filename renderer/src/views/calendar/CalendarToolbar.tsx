import type { ReactNode } from 'react';
import { isDay } from '../../../../shared/days';
import { ChevronLeftIcon, ChevronRightIcon, DownloadIcon } from '../../components/icons';
import { useCalendarStore } from '../../stores/calendar';
import { useExportStore } from '../../stores/export';
import { CALENDAR_VIEWS, CALENDAR_VIEW_IDS, type NavigateAction } from './layout';
import './calendar.css';
import { useMayCall } from '../../stores/session';

/** Previous, today and next: an arrow (named for screen readers) or a word, each with its key. */
const STEPS: readonly { action: NavigateAction; label: string; shortcut: string; key: string; icon?: ReactNode }[] = [
  { action: 'prev', label: 'Previous', shortcut: 'ArrowLeft', key: '←', icon: <ChevronLeftIcon /> },
  { action: 'today', label: 'Today', shortcut: 't', key: 'T' },
  { action: 'next', label: 'Next', shortcut: 'ArrowRight', key: '→', icon: <ChevronRightIcon /> },
];

/** View switcher, previous / today / next, a date picker and the title of what is shown. */
export function CalendarToolbar({ onPlan }: { onPlan: () => void }) {
  const mayExport = useMayCall('export.render');
  const mayPlan = useMayCall('trains.plan');
  const view = useCalendarStore((s) => s.view);
  const date = useCalendarStore((s) => s.date);
  const fetching = useCalendarStore((s) => s.fetching);
  const { setView, navigate, goTo } = useCalendarStore.getState();
  const def = CALENDAR_VIEWS[view];

  return (
    <div className="calendar-toolbar">
      <div className="segmented" role="group" aria-label="Calendar view">
        {CALENDAR_VIEW_IDS.map((id) => (
          <button
            key={id}
            type="button"
            className={`segmented-item${id === view ? ' is-selected' : ''}`}
            aria-pressed={id === view}
            aria-keyshortcuts={CALENDAR_VIEWS[id].shortcut}
            title={`${CALENDAR_VIEWS[id].label} (${CALENDAR_VIEWS[id].shortcut.toUpperCase()})`}
            onClick={() => setView(id)}
          >
            {CALENDAR_VIEWS[id].label}
          </button>
        ))}
      </div>
      <div className="calendar-nav" role="group" aria-label="Move through the calendar">
        {STEPS.map(({ action, label, shortcut, key, icon }) => (
          <button
            key={action}
            type="button"
            className={icon ? 'button calendar-nav-step' : 'button'}
            aria-label={icon ? label : undefined}
            aria-keyshortcuts={shortcut}
            title={`${label} (${key})`}
            onClick={() => navigate(action)}
          >
            {icon ?? label}
          </button>
        ))}
      </div>
      <h2 className="calendar-title" aria-live="polite">
        {def.title(date)}
        {fetching && <span className="spinner calendar-fetching" aria-hidden="true" />}
      </h2>
      <div className="calendar-toolbar-end">
        <label htmlFor="calendar-date" className="visually-hidden">
          Go to date
        </label>
        <input
          id="calendar-date"
          type="date"
          className="input calendar-date"
          value={date}
          onChange={(e) => {
            // Typing a year digit by digit passes through days like 0002-11-25: only whole, real days navigate.
            if (isDay(e.target.value)) goTo(e.target.value);
          }}
        />
        <button
          type="button"
          className="button"
          disabled={!mayExport.allowed}
          title={mayExport.reason ?? undefined}
          onClick={() => useExportStore.getState().open({ kind: 'all' })}
        >
          <DownloadIcon />
          Export…
        </button>
        <button
          type="button"
          className="button"
          disabled={!mayPlan.allowed}
          title={mayPlan.reason ?? undefined}
          onClick={onPlan}
        >
          Plan more…
        </button>
      </div>
    </div>
  );
}
