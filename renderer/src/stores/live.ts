import { create } from 'zustand';
import { type LiveStatus, connectLive } from '../api/live-stream';
import type { ViewId } from '../views/view-ids';
import { useCalendarStore } from './calendar';
import { useFairnessStore } from './fairness';
import { useFleetStore } from './fleet';
import { useInsightsStore } from './insights';
import { useRolloutsStore } from './rollouts';
import { useSessionStore } from './session';
import { useSettingsStore } from './settings';
import { useUiStore } from './ui';

// Live updates on a team server: while signed in, the page listens to `/events`, and after a
// change someone committed it reads again the view on screen, through that view's own "read
// again" action (one read of its store per burst of changes). The desktop app and browser mode
// have no stream: nothing here runs there.

/** Each view's read of what it shows: the calendar's page (and open train), the board, the fleet, the figures. */
const RELOADS: Record<ViewId, () => Promise<void>> = {
  fleet: () => useFleetStore.getState().load(),
  calendar: () => useCalendarStore.getState().reload(),
  rollouts: () => useRolloutsStore.getState().load(),
  fairness: () => useFairnessStore.getState().load(),
  insights: () => useInsightsStore.getState().load(),
  settings: () => useSettingsStore.getState().load(),
};

/** Reads again the view on screen. */
export function reloadShown(): void {
  void RELOADS[useUiStore.getState().view]();
}

interface LiveState {
  status: LiveStatus;
}

export const useLiveStore = create<LiveState>()(() => ({ status: 'off' }));

/** Starts the stream (signed in on a team server); returns what stops it. */
export function startLive(): () => void {
  let stop = open();
  let retry: ReturnType<typeof setTimeout> | null = null;

  function open(): () => void {
    return connectLive({
      open: (url) => new EventSource(url),
      reload: reloadShown,
      onStatus: (status) => useLiveStore.setState({ status }),
      // The server refused the stream: the session may have ended (then the sign-in screen shows
      // and this stops); else try again in a few seconds, and read again once it is back.
      onClosed: () => {
        void useSessionStore
          .getState()
          .check()
          .then(() => {
            if (useSessionStore.getState().session?.status !== 'signed-in' || retry !== null) return;
            retry = setTimeout(() => {
              retry = null;
              stop();
              stop = open();
              reloadShown();
            }, 5000);
          });
      },
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) },
    });
  }

  return () => {
    if (retry !== null) clearTimeout(retry);
    stop();
  };
}
