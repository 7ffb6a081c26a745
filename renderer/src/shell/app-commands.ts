import { z } from 'zod';
import { APP_COMMANDS, type AppCommand, type AppEvent } from '../../../shared/app-commands';
import { useCalendarStore } from '../stores/calendar';
import { useRolloutsStore } from '../stores/rollouts';
import { toast } from '../stores/toasts';
import { useUiStore } from '../stores/ui';
import { useExportStore } from '../stores/export';

declare global {
  interface Window {
    /** Set by the Electron preload: events from the main process. Absent in browser mode. */
    releaseCalendarEvents?: { subscribe: (listener: (event: unknown) => void) => () => void };
  }
}

/** What the main process may send; anything else is ignored. */
const appEventSchema: z.ZodType<AppEvent> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('command'), command: z.enum(APP_COMMANDS) }),
  z.object({ type: z.literal('open-train'), trainId: z.int().positive() }),
  z.object({ type: z.literal('backend-restarted'), message: z.string().max(500) }),
  z.object({ type: z.literal('backend-down'), message: z.string().max(500) }),
]);

function inCalendar(act: (calendar: ReturnType<typeof useCalendarStore.getState>) => void): () => void {
  return () => {
    useUiStore.getState().setView('calendar');
    act(useCalendarStore.getState());
  };
}

const COMMANDS: Record<AppCommand, () => void> = {
  'view.fleet': () => useUiStore.getState().setView('fleet'),
  'view.calendar': () => useUiStore.getState().setView('calendar'),
  'view.rollouts': () => useUiStore.getState().setView('rollouts'),
  'view.fairness': () => useUiStore.getState().setView('fairness'),
  'view.insights': () => useUiStore.getState().setView('insights'),
  'view.settings': () => useUiStore.getState().setView('settings'),
  'calendar.today': inCalendar((c) => c.navigate('today')),
  'calendar.previous': inCalendar((c) => c.navigate('prev')),
  'calendar.next': inCalendar((c) => c.navigate('next')),
  'calendar.month': inCalendar((c) => c.setView('month')),
  'calendar.week': inCalendar((c) => c.setView('week')),
  'calendar.timeline': inCalendar((c) => c.setView('timeline')),
  // The Export dialog lives in the calendar view.
  'export.open': inCalendar(() => useExportStore.getState().open({ kind: 'all' })),
  'shortcuts.show': () => useUiStore.getState().showShortcuts(true),
};

/** Runs a command of the menus, the shortcuts or the Keyboard Shortcuts dialog. */
export function runAppCommand(command: AppCommand): void {
  COMMANDS[command]();
}

/** Shows a train's rollout: where a notification about it takes the person who clicked it. */
export function openTrain(trainId: number): void {
  useUiStore.getState().setView('rollouts');
  useRolloutsStore.getState().open(trainId);
}

/** Acts on one event from the main process, after checking its shape. */
export function handleAppEvent(raw: unknown): void {
  const parsed = appEventSchema.safeParse(raw);
  if (!parsed.success) return;
  const event = parsed.data;
  switch (event.type) {
    case 'command':
      runAppCommand(event.command);
      return;
    case 'open-train':
      openTrain(event.trainId);
      return;
    case 'backend-restarted':
    case 'backend-down':
      toast(event.message, 'error');
      return;
  }
}
