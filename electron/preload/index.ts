import { contextBridge, ipcRenderer } from 'electron';
import { APP_EVENT_CHANNEL } from '../../shared/app-commands';
import type { Api } from '../../shared/contract';
import { METHOD_NAMES, ipcChannel } from '../../shared/method-names';

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
