// The desktop app's backend process (an Electron utilityProcess forked by the main
// process): SQLite and the services run here, off the thread that draws the window.
// Plain Node APIs only; Electron gives a utility process `process.parentPort`.
import { serveBackend } from './serve';

interface ParentPort {
  postMessage: (message: unknown) => void;
  on: (event: 'message', listener: (event: { data: unknown }) => void) => void;
}

// Electron's types declare it on every process; run by plain Node it is absent.
const { parentPort } = process as { parentPort?: ParentPort };
if (!parentPort) {
  console.error('This is the desktop app’s backend process; the main process starts it.');
  process.exit(2);
}
serveBackend({
  link: {
    post: (message) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    exit: (code) => process.exit(code),
  },
  env: process.env,
});
