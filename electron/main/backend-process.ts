import { utilityProcess } from 'electron';
import type { BackendChild } from '../backend/process/client';

/**
 * Forks the backend (SQLite and services, `out/main/backend.js`) as an Electron
 * utilityProcess: a Node process of its own, so a long import or export never stalls
 * the window. Its stdout and stderr go to the main process's, where the log sees them.
 */
export function forkUtilityBackend(entry: string): BackendChild {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Release Calendar database', stdio: 'inherit' });
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => {
      child.kill();
    },
  };
}
