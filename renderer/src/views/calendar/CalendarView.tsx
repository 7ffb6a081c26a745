import { PageLoading, PageUnavailable } from '../../components/PageState';
import { useEffect, useState } from 'react';
import { useCalendarStore } from '../../stores/calendar';
import { ExportHost } from '../export/ExportHost';
import { CalendarLegend } from './CalendarLegend';
import { CalendarSummary } from './CalendarSummary';
import { CalendarToolbar } from './CalendarToolbar';
import type { TrainConflict } from './calendar-model';
import { ConflictsDialog } from './ConflictsDialog';
import { EmptyCalendar } from './EmptyCalendar';
import { CALENDAR_VIEWS } from './layout';
import { MonthView } from './MonthView';
import { PlanTrainsDialog } from './PlanTrainsDialog';
import { TimelineView } from './TimelineView';
import { TrainPanel } from './TrainPanel';
import { useCalendarShortcuts } from './useCalendarShortcuts';
import { WeekView } from './WeekView';
import './calendar.css';

/** The view the loaded days belong to: month grid, week detail or timeline. */
function CalendarBody() {
  const display = useCalendarStore((s) => s.display);
  const range = useCalendarStore((s) => s.range);
  const openTrain = useCalendarStore((s) => s.openTrain);
  const followScroll = useCalendarStore((s) => s.followScroll);
  if (!display || !range) return null;
  const title = CALENDAR_VIEWS[display.view].title(display.date);
  switch (display.view) {
    case 'month':
      return <MonthView range={range} date={display.date} title={title} onOpenTrain={openTrain} />;
    case 'week':
      return <WeekView range={range} date={display.date} title={title} onOpenTrain={openTrain} />;
    case 'timeline':
      return (
        <TimelineView
          range={range}
          seq={display.seq}
          title={title}
          onOpenTrain={openTrain}
          onScrollDate={followScroll}
        />
      );
  }
}

/** The Calendar section: status at a glance, then the trains on a month, week or timeline. */
export function CalendarView() {
  const status = useCalendarStore((s) => s.status);
  const loadError = useCalendarStore((s) => s.loadError);
  const empty = useCalendarStore((s) => s.trains !== null && s.trains.length === 0);
  const view = useCalendarStore((s) => s.display?.view ?? s.view);
  const openTrain = useCalendarStore((s) => s.openTrain);
  const [conflicts, setConflicts] = useState<TrainConflict[] | null>(null);
  const [planning, setPlanning] = useState(false);

  useEffect(() => {
    void useCalendarStore.getState().load();
  }, []);
  useCalendarShortcuts();

  let content;
  if (status === 'loading') content = <PageLoading what="the calendar" />;
  else if (status === 'error')
    content = (
      <PageUnavailable
        what="the calendar"
        message={loadError ?? 'Unknown error.'}
        onRetry={() => void useCalendarStore.getState().load()}
      />
    );
  else if (empty) content = <EmptyCalendar />;
  else
    content = (
      <div className={`calendar-page calendar-page-${view}`}>
        {/* The toolbar's title ("November 2026") heads the page visually; the section keeps its name for screen readers. */}
        <h1 className="visually-hidden">Calendar</h1>
        <CalendarSummary onOpenTrain={openTrain} onShowConflicts={setConflicts} />
        <CalendarToolbar onPlan={() => setPlanning(true)} />
        <div className="calendar-body">
          <CalendarBody />
        </div>
        <CalendarLegend />
      </div>
    );

  return (
    <div className="calendar" data-testid="calendar">
      {content}
      <TrainPanel />
      {conflicts && (
        <ConflictsDialog
          conflicts={conflicts}
          onClose={() => setConflicts(null)}
          onOpenTrain={(id) => {
            setConflicts(null);
            openTrain(id);
          }}
        />
      )}
      {planning && <PlanTrainsDialog onClose={() => setPlanning(false)} />}
      <ExportHost />
    </div>
  );
}
