import path from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 900, height: 600 } as const;
const WINDOW_STATE_FILE = 'window-state.json';

const rectSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().positive(),
  height: z.number().positive(),
});
const windowStateSchema = z.object({ bounds: rectSchema, maximized: z.boolean() });

/** The window's normal (not maximized) bounds, and whether it was maximized. */
export type WindowState = z.infer<typeof windowStateSchema>;

/** Where and how big to open the window; no x/y means "centred by Electron". */
export interface InitialWindowPlacement {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

function contains(area: Rect, r: Rect): boolean {
  return (
    r.x >= area.x && r.y >= area.y && r.x + r.width <= area.x + area.width && r.y + r.height <= area.y + area.height
  );
}

/**
 * The saved bounds when they still lie wholly inside one connected display's work area
 * (a monitor may have been unplugged or rearranged since), and are not below the
 * minimum size; otherwise the default size, shrunk to the primary work area, centred.
 * The maximized flag is kept either way: maximizing works on whatever display it lands.
 */
export function initialWindowPlacement(
  saved: WindowState | null,
  workAreas: readonly Rect[],
  primaryWorkArea: Rect,
): InitialWindowPlacement {
  const maximized = saved?.maximized ?? false;
  const b = saved?.bounds;
  if (
    b &&
    b.width >= MIN_WINDOW_SIZE.width &&
    b.height >= MIN_WINDOW_SIZE.height &&
    workAreas.some((area) => contains(area, b))
  ) {
    return { bounds: { ...b }, maximized };
  }
  return {
    bounds: {
      width: Math.min(DEFAULT_WINDOW_SIZE.width, primaryWorkArea.width),
      height: Math.min(DEFAULT_WINDOW_SIZE.height, primaryWorkArea.height),
    },
    maximized,
  };
}

/** The file system calls the store makes; `node:fs` in the app, a fake in tests. */
export interface StateFs {
  readFileSync(file: string, encoding: 'utf8'): string;
  writeFileSync(file: string, data: string): void;
  renameSync(from: string, to: string): void;
  mkdirSync(dir: string, options: { recursive: true }): unknown;
}

export interface WindowStateStore {
  /** The saved state, or null when there is none or it is unreadable (then the defaults apply). */
  load(): WindowState | null;
  save(state: WindowState): void;
}

export function createWindowStateStore(
  userDataDir: string,
  fs: StateFs,
  log: (message: string) => void,
): WindowStateStore {
  const file = path.join(userDataDir, WINDOW_STATE_FILE);
  return {
    load() {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        return null;
      }
      try {
        const parsed = windowStateSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    save(state) {
      // Write aside, then rename: a crash mid-write leaves the old file, never half of one.
      const temporary = `${file}.tmp`;
      try {
        fs.mkdirSync(userDataDir, { recursive: true });
        fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
        fs.renameSync(temporary, file);
      } catch (err) {
        log(`Could not save the window's size and position to ${file}: ${String(err)}`);
      }
    },
  };
}

/** The parts of a BrowserWindow the tracker uses; a small fake in tests. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

const SAVE_DELAY_MS = 500;

/**
 * Saves the window's state a moment after it stops moving or resizing (drags fire
 * these events many times a second), and at once when it closes.
 */
export function trackWindowState(win: TrackedWindow, store: WindowStateStore, delayMs = SAVE_DELAY_MS): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const saveNow = (): void => {
    clearTimeout(timer);
    timer = undefined;
    store.save({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  };
  const saveSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(saveNow, delayMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, saveSoon);
  win.on('close', saveNow);
}
