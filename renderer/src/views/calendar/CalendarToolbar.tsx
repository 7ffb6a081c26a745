import { isDay } from '../../../../shared/days';
import { ChevronLeftIcon, ChevronRightIcon, DownloadIcon } from '../../components/icons';
import { useCalendarStore } from '../../stores/calendar';
import { useExportStore } from '../export/export-store';
import { CALENDAR_VIEWS, CALENDAR_VIEW_IDS } from './layout';
import './calendar.css';

/** View switcher, previous / today / next, a date picker and the title of what is shown. */
export function CalendarToolbar({ onPlan }: { onPlan: () => void }) {
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
        <button
          type="button"
          className="button calendar-nav-step"
          aria-label="Previous"
          aria-keyshortcuts="ArrowLeft"
          title="Previous (←)"
          onClick={() => navigate('prev')}
        >
          <ChevronLeftIcon />
        </button>
        <button
          type="button"
          className="button"
          aria-keyshortcuts="t"
          title="Today (T)"
          onClick={() => navigate('today')}
        >
          Today
        </button>
        <button
          type="button"
          className="button calendar-nav-step"
          aria-label="Next"
          aria-keyshortcuts="ArrowRight"
          title="Next (→)"
          onClick={() => navigate('next')}
        >
          <ChevronRightIcon />
        </button>
      </div>
      <h2 className="calendar-title" aria-live="polite">
        {def.title(date)}
        {fetching && <span className="calendar-fetching" aria-hidden="true" />}
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
        <button type="button" className="button" onClick={() => useExportStore.getState().open({ kind: 'all' })}>
          <DownloadIcon />
          Export…
        </button>
        <button type="button" className="button" onClick={onPlan}>
          Plan more…
        </button>
      </div>
    </div>
  );
}
