import type { ApiResponse } from '../../../shared/errors';
import { DatabaseOpenError } from '../db/open-error';
import type { Dispatch } from '../dispatcher';
import { type ToBackend, decodeFromBackend } from './protocol';

// The main process's side of the backend process. It relays API calls and answers,
// restarts the process when it dies, and never re-sends a call that was in flight when
// it died: that call may have been committed or not (each write is one transaction), so
// it gets an error that says so, and nothing is applied twice. Calls made while the
// process restarts wait for it and are sent once.

/** One backend process as the main process sees it: Electron's UtilityProcess, or a Node child in tests. */
export interface BackendChild {
  post: (message: ToBackend) => void;
  onMessage: (listener: (raw: unknown) => void) => void;
  onExit: (listener: (code: number | null) => void) => void;
  kill: () => void;
}

export interface BackendInit {
  dbPath: string;
  nativeBinding?: string;
  version: string;
}

export interface BackendProcessOptions {
  spawn: () => BackendChild;
  init: BackendInit;
  log: (message: string) => void;
  /** The process died and is running again; `inFlight` calls were answered with BACKEND_STOPPED. */
  onRestart?: (info: { inFlight: number; exitCode: number | null }) => void;
  /** It died too often, or could not reopen the database: it is not started again. */
  onGiveUp?: (reason: string) => void;
  /** At most this many restarts within `restartWindowMs` (default 3 in a minute). */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** Milliseconds to wait for a graceful stop before killing (default 3000). */
  stopTimeoutMs?: number;
  now?: () => number;
}

export interface BackendReady {
  databasePath: string;
  schemaVersion: number;
}

export interface BackendProcess {
  /**
   * Starts the process and waits until its database is open; rejects with DatabaseOpenError when it cannot be.
   * `restore` names an automatic backup to put in place of the file first (once: a restart opens the file as it is).
   */
  start: (restore?: string) => Promise<BackendReady>;
  dispatch: Dispatch;
  /** Whether the URL is stored as a validation gate's evidence link (false when the backend cannot answer). */
  isEvidenceUrl: (url: string) => Promise<boolean>;
  /** Closes the database and ends the process. */
  stop: () => Promise<void>;
}

export const BACKEND_STOPPED_MESSAGE =
  "The app's database process stopped while handling this and was restarted; check whether the change was saved, then try again.";
export const BACKEND_DOWN_MESSAGE =
  "The app's database process keeps stopping and is not restarted any more; quit and start the app again (details are in the log).";
const CLOSING_MESSAGE = 'The app is closing; nothing more can be saved.';

const failure = (message: string): ApiResponse<never> => ({ ok: false, error: { code: 'internal', message } });

type State = 'idle' | 'starting' | 'ready' | 'restarting' | 'down' | 'stopped';

interface Pending {
  message: Extract<ToBackend, { id: number }>;
  answer: (value: unknown) => void;
}

/** What a caller gets when its request cannot be answered: an error envelope, or "not evidence". */
function unanswered(p: Pending, message: string): unknown {
  return p.message.type === 'isEvidenceUrl' ? false : failure(message);
}

export function createBackendProcess(options: BackendProcessOptions): BackendProcess {
  const maxRestarts = options.maxRestarts ?? 3;
  const windowMs = options.restartWindowMs ?? 60_000;
  const now = options.now ?? Date.now;
  let state: State = 'idle';
  let child: BackendChild | null = null;
  let nextId = 1;
  /** Sent and not yet answered. */
  const inFlight = new Map<number, Pending>();
  /** Waiting for the process to be ready. */
  let queued: Pending[] = [];
  const restarts: number[] = [];
  let opened: { resolve: (r: BackendReady) => void; reject: (e: unknown) => void } | null = null;
  let exited: (() => void) | null = null;
  let lostOnLastExit = 0;
  let lastExitCode: number | null = null;

  function send(p: Pending): void {
    inFlight.set(p.message.id, p);
    try {
      child!.post(p.message);
    } catch (err) {
      // A channel that closed under us: the exit handler answers it with the others.
      options.log(`Could not send ${p.message.type} to the backend process: ${String(err)}`);
    }
  }

  function flush(): void {
    const waiting = queued;
    queued = [];
    for (const p of waiting) send(p);
  }

  function launch(restore?: string): void {
    const c = options.spawn();
    child = c;
    c.onMessage((raw) => {
      if (child !== c) return;
      const decoded = decodeFromBackend(raw);
      if (!decoded.ok) {
        options.log(`Ignored ${decoded.problem}`);
        return;
      }
      const m = decoded.message;
      switch (m.type) {
        case 'ready': {
          const wasRestart = state === 'restarting';
          state = 'ready';
          flush();
          if (wasRestart) options.onRestart?.({ inFlight: lostOnLastExit, exitCode: lastExitCode });
          else opened?.resolve({ databasePath: m.databasePath, schemaVersion: m.schemaVersion });
          opened = null;
          return;
        }
        case 'failed': {
          c.kill();
          if (state === 'starting') {
            state = 'idle';
            child = null;
            opened?.reject(
              m.kind === 'internal'
                ? new Error(m.message)
                : new DatabaseOpenError(m.kind, m.message, undefined, m.restorable),
            );
            opened = null;
          } else {
            goDown(`the database could not be opened again: ${m.message}`);
          }
          return;
        }
        case 'result':
        case 'answer': {
          const p = inFlight.get(m.id);
          if (!p) return;
          inFlight.delete(m.id);
          p.answer(m.type === 'result' ? m.response : m.value);
          return;
        }
        case 'log':
          options.log(m.message);
          return;
      }
    });
    c.onExit((code) => {
      if (child !== c) return;
      child = null;
      onExit(code);
    });
    c.post({ type: 'init', ...options.init, ...(restore ? { restore } : {}) });
  }

  function onExit(code: number | null): void {
    lostOnLastExit = inFlight.size;
    lastExitCode = code;
    const message = state === 'stopped' ? CLOSING_MESSAGE : BACKEND_STOPPED_MESSAGE;
    for (const p of inFlight.values()) p.answer(unanswered(p, message));
    inFlight.clear();
    if (state === 'stopped') {
      exited?.();
      return;
    }
    options.log(`The backend process stopped unexpectedly (exit code ${code}); ${lostOnLastExit} call(s) in flight.`);
    if (state === 'starting') {
      state = 'idle';
      opened?.reject(new Error(`The backend process stopped while opening the database (exit code ${code}).`));
      opened = null;
      return;
    }
    const t = now();
    while (restarts.length > 0 && t - restarts[0]! > windowMs) restarts.shift();
    if (restarts.length >= maxRestarts) {
      goDown(`it stopped ${restarts.length + 1} times within ${Math.round(windowMs / 1000)} s`);
      return;
    }
    restarts.push(t);
    state = 'restarting';
    launch();
  }

  function goDown(reason: string): void {
    state = 'down';
    child?.kill();
    child = null;
    for (const p of queued) p.answer(unanswered(p, BACKEND_DOWN_MESSAGE));
    queued = [];
    options.log(`The backend process is not restarted: ${reason}.`);
    options.onGiveUp?.(reason);
  }

  function request<T>(message: Pending['message']): Promise<T> {
    return new Promise<T>((resolve) => {
      const p: Pending = { message, answer: resolve as (v: unknown) => void };
      if (state === 'ready') send(p);
      else if (state === 'starting' || state === 'restarting' || state === 'idle') queued.push(p);
      else p.answer(unanswered(p, state === 'stopped' ? CLOSING_MESSAGE : BACKEND_DOWN_MESSAGE));
    });
  }

  return {
    start: (restore) => {
      if (state !== 'idle') return Promise.reject(new Error('The backend process is already started.'));
      state = 'starting';
      return new Promise<BackendReady>((resolve, reject) => {
        opened = { resolve, reject };
        launch(restore);
      });
    },
    dispatch: (method, input) => request({ type: 'call', id: nextId++, method: String(method), input }),
    isEvidenceUrl: (url) => request({ type: 'isEvidenceUrl', id: nextId++, url }),
    stop: () => {
      const c = child;
      const wasRunning = state === 'ready' || state === 'starting' || state === 'restarting';
      state = 'stopped';
      for (const p of queued) p.answer(unanswered(p, CLOSING_MESSAGE));
      queued = [];
      if (!c || !wasRunning) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => c.kill(), options.stopTimeoutMs ?? 3000);
        exited = () => {
          clearTimeout(timer);
          resolve();
        };
        c.post({ type: 'stop' });
      });
    },
  };
}
