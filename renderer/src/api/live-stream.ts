// Live updates from a team server (docs/team-mode.md, "Live updates and conflicts"): an
// EventSource on `/events` sends `changed` after each committed change; the page reads again what
// it shows. A burst of changes (an import, a re-plan of every train) becomes one read. Free of
// `window`: the EventSource and the timers are handed in, so this is tested with fakes.

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

/** What `changed` says: the method that committed, who called it, when. */
export interface ChangedEvent {
  method: string;
  actor: string;
  at: string;
}

export interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** Within this many milliseconds after a change, further changes ride the same read. */
export const COALESCE_MS = 200;

/**
 * `run` once per burst: the first call starts a window of `ms`, calls within it join it, and `run`
 * runs when it ends. `cancel` drops a window under way.
 */
export function coalesce(run: () => void, ms: number, timers: Timers): { trigger: () => void; cancel: () => void } {
  let pending: unknown = null;
  return {
    trigger() {
      if (pending !== null) return;
      pending = timers.setTimeout(() => {
        pending = null;
        run();
      }, ms);
    },
    cancel() {
      if (pending === null) return;
      timers.clearTimeout(pending);
      pending = null;
    },
  };
}

/** The part of EventSource this uses. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener: (type: string, listener: (ev: MessageEvent) => void) => void;
  close: () => void;
}

export interface LiveOptions {
  /** `new EventSource(url)`, or a fake. */
  open: (url: string) => EventSourceLike;
  /** Reads again what is on screen. */
  reload: () => void;
  onStatus: (status: LiveStatus) => void;
  /** The stream closed for good (the server refused it, as it does once the session ended). */
  onClosed: () => void;
  timers: Timers;
  url?: string;
}

const CLOSED = 2;

/**
 * Opens the stream; a `changed` reads again (coalesced), and so does an `open` after an error (what
 * changed while the stream was down is unknown). EventSource reconnects by itself; one the server
 * refuses is closed for good, and `onClosed` decides what follows. Returns what stops it.
 */
export function connectLive(options: LiveOptions): () => void {
  const reload = coalesce(options.reload, COALESCE_MS, options.timers);
  const source = options.open(options.url ?? '/events');
  let dropped = false;
  options.onStatus('connecting');
  source.onopen = () => {
    options.onStatus('live');
    if (dropped) reload.trigger();
    dropped = false;
  };
  source.onerror = () => {
    dropped = true;
    if (source.readyState === CLOSED) {
      options.onStatus('reconnecting');
      options.onClosed();
    } else options.onStatus('reconnecting');
  };
  source.addEventListener('changed', () => reload.trigger());
  return () => {
    reload.cancel();
    source.onopen = null;
    source.onerror = null;
    source.close();
    options.onStatus('off');
  };
}
