import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  type Rect,
  type StateFs,
  type TrackedWindow,
  type WindowState,
  createWindowStateStore,
  initialWindowPlacement,
  trackWindowState,
} from '../../electron/main/window-state';

const LAPTOP: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const MONITOR_RIGHT: Rect = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('initialWindowPlacement', () => {
  const saved = (bounds: Rect, maximized = false): WindowState => ({ bounds, maximized });

  it('opens at the default size, centred, the first time', () => {
    expect(initialWindowPlacement(null, [LAPTOP], LAPTOP)).toEqual({
      bounds: { width: DEFAULT_WINDOW_SIZE.width, height: DEFAULT_WINDOW_SIZE.height },
      maximized: false,
    });
  });

  it('restores the saved place when it lies on a connected display', () => {
    const bounds = { x: 1600, y: 100, width: 1300, height: 900 };
    expect(initialWindowPlacement(saved(bounds), [LAPTOP, MONITOR_RIGHT], LAPTOP)).toEqual({
      bounds,
      maximized: false,
    });
  });

  it('falls back to the default when that display is gone', () => {
    const onUnpluggedMonitor = saved({ x: 1600, y: 100, width: 1300, height: 900 });
    const placement = initialWindowPlacement(onUnpluggedMonitor, [LAPTOP], LAPTOP);
    expect(placement.bounds).toEqual({ width: 1280, height: 820 });
  });

  it('falls back when the window would hang off the edge or straddle two displays', () => {
    expect(
      initialWindowPlacement(saved({ x: 800, y: 100, width: 1280, height: 700 }), [LAPTOP], LAPTOP).bounds,
    ).not.toHaveProperty('x');
    expect(
      initialWindowPlacement(saved({ x: 1000, y: 100, width: 1280, height: 700 }), [LAPTOP, MONITOR_RIGHT], LAPTOP)
        .bounds,
    ).not.toHaveProperty('x');
    // Above the work area: under a macOS menu bar, where the title bar could not be grabbed.
    expect(
      initialWindowPlacement(saved({ x: 0, y: 0, width: 1000, height: 700 }), [LAPTOP], LAPTOP).bounds,
    ).not.toHaveProperty('x');
  });

  it('falls back when the saved size is below the minimum', () => {
    expect(
      initialWindowPlacement(saved({ x: 10, y: 40, width: 300, height: 200 }), [LAPTOP], LAPTOP).bounds,
    ).not.toHaveProperty('x');
  });

  it('shrinks the default size to a small primary display', () => {
    const small: Rect = { x: 0, y: 0, width: 1024, height: 728 };
    expect(initialWindowPlacement(null, [small], small).bounds).toEqual({ width: 1024, height: 728 });
  });

  it('remembers maximized, whether or not the bounds still fit', () => {
    const bounds = { x: 10, y: 40, width: 1000, height: 700 };
    expect(initialWindowPlacement(saved(bounds, true), [LAPTOP], LAPTOP)).toEqual({ bounds, maximized: true });
    expect(initialWindowPlacement(saved({ ...bounds, x: 9000 }, true), [LAPTOP], LAPTOP).maximized).toBe(true);
  });
});

/** An in-memory file system with the store's four calls. */
function memoryFs(initial: Record<string, string> = {}) {
  const files = new Map(Object.entries(initial));
  const fs: StateFs = {
    readFileSync(file) {
      const text = files.get(file);
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return text;
    },
    writeFileSync(file, data) {
      files.set(file, data);
    },
    renameSync(from, to) {
      files.set(to, files.get(from)!);
      files.delete(from);
    },
    mkdirSync: () => undefined,
  };
  return { fs, files };
}

const DIR = '/home/me/.config/Release Calendar';
const FILE = path.join(DIR, 'window-state.json');

describe('createWindowStateStore', () => {
  const state: WindowState = { bounds: { x: 10, y: 40, width: 1000, height: 700 }, maximized: true };

  it('has nothing to load before the first save', () => {
    expect(createWindowStateStore(DIR, memoryFs().fs, vi.fn()).load()).toBeNull();
  });

  it('saves window-state.json in the user-data folder and loads it back', () => {
    const { fs, files } = memoryFs();
    const store = createWindowStateStore(DIR, fs, vi.fn());
    store.save(state);
    expect([...files.keys()]).toEqual([FILE]);
    expect(store.load()).toEqual(state);
  });

  it.each([
    ['not JSON', '{"bounds": '],
    ['the wrong shape', '{"bounds": {"x": "10"}, "maximized": false}'],
    ['a zero-sized window', '{"bounds": {"x": 0, "y": 0, "width": 0, "height": 0}, "maximized": false}'],
    ['null', 'null'],
  ])('ignores a file that is %s', (_why, text) => {
    expect(createWindowStateStore(DIR, memoryFs({ [FILE]: text }).fs, vi.fn()).load()).toBeNull();
  });

  it('logs, and does not throw, when the disk refuses the write', () => {
    const { fs } = memoryFs();
    fs.writeFileSync = () => {
      throw new Error('EROFS: read-only file system');
    };
    const log = vi.fn();
    expect(() => createWindowStateStore(DIR, fs, log).save(state)).not.toThrow();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('EROFS'));
  });
});

describe('trackWindowState', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A window that fires its events on demand. */
  class FakeWindow implements TrackedWindow {
    bounds: Rect = { x: 10, y: 40, width: 1000, height: 700 };
    maximized = false;
    private listeners = new Map<string, Array<() => void>>();
    on(event: string, listener: () => void): void {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    }
    getNormalBounds(): Rect {
      return { ...this.bounds };
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    fire(event: string): void {
      for (const listener of this.listeners.get(event) ?? []) listener();
    }
  }
  const fakeWindow = () => new FakeWindow();

  it('saves once, a moment after a burst of moves and resizes', () => {
    vi.useFakeTimers();
    const win = fakeWindow();
    const save = vi.fn();
    trackWindowState(win, { load: () => null, save }, 500);
    for (let i = 0; i < 20; i++) {
      win.bounds.x = 10 + i;
      win.fire(i % 2 ? 'move' : 'resize');
      vi.advanceTimersByTime(50);
    }
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ bounds: { x: 29, y: 40, width: 1000, height: 700 }, maximized: false });
  });

  it('saves at once on close, and not again when the pending timer would have fired', () => {
    vi.useFakeTimers();
    const win = fakeWindow();
    const save = vi.fn();
    trackWindowState(win, { load: () => null, save }, 500);
    win.fire('resize');
    win.maximized = true;
    win.fire('close');
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ bounds: win.bounds, maximized: true });
    vi.advanceTimersByTime(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('saves a change of maximized state', () => {
    vi.useFakeTimers();
    const win = fakeWindow();
    const save = vi.fn();
    trackWindowState(win, { load: () => null, save }, 500);
    win.maximized = true;
    win.fire('maximize');
    vi.advanceTimersByTime(500);
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ maximized: true }));
  });
});
