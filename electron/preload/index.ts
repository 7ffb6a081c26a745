import { contextBridge, ipcRenderer } from 'electron';
import { APP_EVENT_CHANNEL, TEAM_CHANNELS, TEAM_EVENT_CHANNEL } from '../../shared/app-commands';
import type { Api } from '../../shared/contract';
import { METHOD_NAMES, ipcChannel } from '../../shared/method-names';
import type { TeamBridge, TeamConnectInput } from '../../shared/team-connection';

// One named function per API method, each bound to its own fixed channel. The
// page never sees ipcRenderer, and cannot name a channel of its choosing.
const api = Object.fromEntries(
  METHOD_NAMES.map((method) => {
    const channel = ipcChannel(method);
    return [method, (input: unknown) => ipcRenderer.invoke(channel, input)];
  }),
) as Api;

contextBridge.exposeInMainWorld('releaseCalendar', Object.freeze(api));

// Events from the main process (menu commands, a clicked notification, the backend
// restarted) on their one channel: the page gets the payload, never the IPC event or
// its sender, and parses it before acting on it.
contextBridge.exposeInMainWorld(
  'releaseCalendarEvents',
  Object.freeze({
    subscribe(listener: (event: unknown) => void): () => void {
      const forward = (_event: unknown, payload: unknown): void => listener(payload);
      ipcRenderer.on(APP_EVENT_CHANNEL, forward);
      return () => ipcRenderer.removeListener(APP_EVENT_CHANNEL, forward);
    },
  }),
);

// The team server the app may join (docs/team-mode.md): one function per request, each on its
// fixed channel, and the changes and connection state the main process pushes. The session
// cookie stays in the main process; the page sees only who it is connected as.
const team: TeamBridge = {
  connect: (input: TeamConnectInput) => ipcRenderer.invoke(TEAM_CHANNELS.connect, input),
  disconnect: () => ipcRenderer.invoke(TEAM_CHANNELS.disconnect),
  status: () => ipcRenderer.invoke(TEAM_CHANNELS.status),
  subscribe(listener) {
    const forward = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(TEAM_EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(TEAM_EVENT_CHANNEL, forward);
  },
};
contextBridge.exposeInMainWorld('releaseCalendarTeam', Object.freeze(team));
