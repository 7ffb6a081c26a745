import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  COALESCE_MS,
  type EventSourceLike,
  type LiveStatus,
  coalesce,
  connectLive,
} from '../../renderer/src/api/live-stream';

// Live updates on a team server: a burst of `changed` events becomes one read of what is shown,
// and a stream that comes back after an error reads again.

const timers = {
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimeout: (h: unknown) => clearTimeout(h as number),
};

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  closed = false;
  private listeners = new Map<string, ((ev: MessageEvent) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  error(closed = false): void {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
  changed(): void {
    const data = JSON.stringify({ method: 'trains.move', actor: 'sam', at: '2027-01-04T10:00:00Z' });
    for (const l of this.listeners.get('changed') ?? []) l(new MessageEvent('changed', { data }));
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function live() {
  let source!: FakeEventSource;
  const reload = vi.fn();
  const onClosed = vi.fn();
  const statuses: LiveStatus[] = [];
  const stop = connectLive({
    open: (url) => (source = new FakeEventSource(url)),
    reload,
    onStatus: (s) => statuses.push(s),
    onClosed,
    timers,
  });
  return { source, reload, onClosed, statuses, stop };
}

describe('coalesce', () => {
  it('runs once per burst: the first call opens a window, the calls within it join it', () => {
    const run = vi.fn();
    const c = coalesce(run, 200, timers);
    c.trigger();
    vi.advanceTimersByTime(150);
    c.trigger();
    c.trigger();
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(run).toHaveBeenCalledTimes(1);
    c.trigger();
    vi.advanceTimersByTime(200);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('drops a window under way when cancelled', () => {
    const run = vi.fn();
    const c = coalesce(run, 200, timers);
    c.trigger();
    c.cancel();
    vi.advanceTimersByTime(500);
    expect(run).not.toHaveBeenCalled();
  });
});

describe('the live stream', () => {
  it('listens on /events, says Live once open, and reads again once per burst of changes', () => {
    const { source, reload, statuses } = live();
    expect(source.url).toBe('/events');
    source.open();
    expect(statuses).toEqual(['connecting', 'live']);
    // The first open reads nothing: the page has just read what it shows.
    vi.advanceTimersByTime(1000);
    expect(reload).not.toHaveBeenCalled();
    for (let i = 0; i < 25; i++) source.changed();
    vi.advanceTimersByTime(COALESCE_MS - 1);
    expect(reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(reload).toHaveBeenCalledTimes(1);
    source.changed();
    vi.advanceTimersByTime(COALESCE_MS);
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('says Reconnecting… while the stream is down, and reads again when it is back', () => {
    const { source, reload, statuses, onClosed } = live();
    source.open();
    source.error();
    expect(statuses.at(-1)).toBe('reconnecting');
    source.open();
    expect(statuses.at(-1)).toBe('live');
    vi.advanceTimersByTime(COALESCE_MS);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(onClosed).not.toHaveBeenCalled();
  });

  it('hands a stream the server closed for good to onClosed (the session may have ended)', () => {
    const { source, onClosed } = live();
    source.open();
    source.error(true);
    expect(onClosed).toHaveBeenCalledTimes(1);
  });

  it('stops: closes the stream, drops a pending read, says off', () => {
    const { source, reload, statuses, stop } = live();
    source.open();
    source.changed();
    stop();
    vi.advanceTimersByTime(1000);
    expect(reload).not.toHaveBeenCalled();
    expect(source.closed).toBe(true);
    expect(statuses.at(-1)).toBe('off');
  });
});
