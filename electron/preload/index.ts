import { contextBridge, ipcRenderer } from 'electron';
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
