import { BrowserWindow, app, dialog, nativeTheme, screen } from 'electron';
import type { AppLocation } from './app-url';
import type { Log } from './log';
import { MIN_WINDOW_SIZE, type WindowStateStore, initialWindowPlacement, trackWindowState } from './window-state';

export interface MainWindowOptions {
  title: string;
  preloadPath: string;
  location: AppLocation;
  stateStore: WindowStateStore;
  /** The window icon; only Linux reads it (macOS and Windows take the bundle's icon). */
  icon: string;
  log: Log;
}

/**
 * The app's one window: sandboxed, isolated, Node-free; shown only once its page has
 * painted, where it was last left if that place is still on screen.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const placement = initialWindowPlacement(
    options.stateStore.load(),
    screen.getAllDisplays().map((display) => display.workArea),
    screen.getPrimaryDisplay().workArea,
  );
  const win = new BrowserWindow({
    ...placement.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    // The page's --bg in each theme (renderer/src/styles.css): no white flash under a dark OS.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#14171c' : '#f6f7f9',
    title: options.title,
    ...(process.platform === 'linux' ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  trackWindowState(win, options.stateStore);
  win.once('ready-to-show', () => {
    if (placement.maximized) win.maximize();
    win.show();
  });

  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    options.log(`The window's renderer process stopped (${details.reason}, exit code ${details.exitCode})`);
    void dialog
      .showMessageBox(win, {
        type: 'error',
        message: 'The Release Calendar window stopped unexpectedly',
        detail: `Reason: ${details.reason}. Every saved change is in the database; reload the window to carry on.`,
        buttons: ['Reload', 'Quit'],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      })
      .then(({ response }) => {
        if (response !== 0) app.quit();
        else if (!win.isDestroyed()) win.reload();
      });
  });

  const loading =
    options.location.kind === 'file' ? win.loadFile(options.location.filePath) : win.loadURL(options.location.url);
  loading.catch((err: unknown) => {
    // ERR_ABORTED is a load replaced by another (a dev-server reload), not a failure.
    if ((err as { code?: unknown }).code === 'ERR_ABORTED') return;
    options.log(`The window could not load ${options.location.url}`, err);
    dialog.showErrorBox(
      'Release Calendar could not show its window',
      `The app's page did not load (${err instanceof Error ? err.message : String(err)}). Reinstall the app (developers: run "npm run build").`,
    );
    app.quit();
  });
  return win;
}
