// What the desktop app's main process tells its window, and the app's keyboard
// shortcuts: one list that the menus, the page's key handling and the Keyboard
// Shortcuts dialog all read. Free of zod, so that the sandboxed preload can import it.

/** The one channel of events from the main process to the window (the preload forwards it, nothing else). */
export const APP_EVENT_CHANNEL = 'rc:event';

export const APP_COMMANDS = [
  'view.fleet',
  'view.calendar',
  'view.rollouts',
  'view.fairness',
  'view.insights',
  'view.settings',
  'calendar.today',
  'calendar.previous',
  'calendar.next',
  'calendar.month',
  'calendar.week',
  'calendar.timeline',
  'export.open',
  'shortcuts.show',
] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

export type AppEvent =
  /** A menu item or its shortcut was chosen. */
  | { type: 'command'; command: AppCommand }
  /** A notification was clicked: show that train. */
  | { type: 'open-train'; trainId: number }
  /** The backend process stopped and runs again; a change in flight may not have been saved. */
  | { type: 'backend-restarted'; message: string }
  /** The backend process keeps stopping and is not restarted. */
  | { type: 'backend-down'; message: string };

export interface Shortcut {
  command: AppCommand;
  label: string;
  group: 'Go to' | 'Calendar' | 'App';
  /**
   * The keys, as an Electron accelerator (`CmdOrCtrl` is ⌘ on a Mac, Ctrl elsewhere). A key
   * without a modifier is typed on the page only: as a menu accelerator it would swallow
   * that letter in every text field, so the menu shows it without registering it.
   */
  keys: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'view.fleet', label: 'Fleet', group: 'Go to', keys: 'CmdOrCtrl+1' },
  { command: 'view.calendar', label: 'Calendar', group: 'Go to', keys: 'CmdOrCtrl+2' },
  { command: 'view.rollouts', label: 'Rollouts', group: 'Go to', keys: 'CmdOrCtrl+3' },
  { command: 'view.fairness', label: 'Fairness', group: 'Go to', keys: 'CmdOrCtrl+4' },
  { command: 'view.insights', label: 'Insights', group: 'Go to', keys: 'CmdOrCtrl+5' },
  { command: 'view.settings', label: 'Settings', group: 'Go to', keys: 'CmdOrCtrl+6' },
  { command: 'calendar.today', label: 'Today', group: 'Calendar', keys: 'T' },
  { command: 'calendar.previous', label: 'Previous', group: 'Calendar', keys: 'Left' },
  { command: 'calendar.next', label: 'Next', group: 'Calendar', keys: 'Right' },
  { command: 'calendar.month', label: 'Month view', group: 'Calendar', keys: 'M' },
  { command: 'calendar.week', label: 'Week view', group: 'Calendar', keys: 'W' },
  { command: 'calendar.timeline', label: 'Timeline view', group: 'Calendar', keys: 'L' },
  { command: 'export.open', label: 'Export…', group: 'App', keys: 'CmdOrCtrl+E' },
  { command: 'shortcuts.show', label: 'Keyboard Shortcuts', group: 'App', keys: 'Shift+/' },
];

/** True when the keys include a modifier, so the menu may register them without stealing typing. */
export function hasModifier(keys: string): boolean {
  return /(?:^|\+)(?:CmdOrCtrl|CommandOrControl|Ctrl|Control|Cmd|Command|Alt|Option|Super|Meta)\+/.test(keys);
}

/** The keys as a person reads them: "⌘1" on a Mac, "Ctrl+1" elsewhere; "←", "?". */
export function shortcutLabel(keys: string, mac: boolean): string {
  const names: Record<string, string> = mac
    ? { CmdOrCtrl: '⌘', Shift: '⇧', Alt: '⌥', Left: '←', Right: '→' }
    : { CmdOrCtrl: 'Ctrl', Left: '←', Right: '→' };
  if (keys === 'Shift+/') return '?';
  const parts = keys.split('+').map((p) => names[p] ?? p);
  return mac ? parts.join('') : parts.join('+');
}

export function shortcutFor(command: AppCommand): Shortcut {
  return SHORTCUTS.find((s) => s.command === command)!;
}

/**
 * The desktop app's link to a team server (docs/team-mode.md, "The desktop app joins a team"):
 * one fixed channel per request of the page, and one on which the main process tells the page
 * of changes and of the connection's state (`TeamEvent`, shared/team-connection.ts).
 */
export const TEAM_CHANNELS = {
  connect: 'rc:team.connect',
  disconnect: 'rc:team.disconnect',
  status: 'rc:team.status',
} as const;
export const TEAM_EVENT_CHANNEL = 'rc:team.event';
