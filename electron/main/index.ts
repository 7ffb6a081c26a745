import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserWindow, Menu, app, dialog, ipcMain, session, shell } from 'electron';
// Unpacked from the asar archive (see electron-builder.yml): GTK reads the icon file itself.
import icon from '../../resources/icon.png?asset&asarUnpack';
import { BACKEND_DOWN_MESSAGE, type BackendProcess, createBackendProcess } from '../backend/process/client';
import { PRODUCT_NAME, resolveDatabasePath } from '../backend/paths';
import { APP_VERSION } from '../backend/version';
import { APP_EVENT_CHANNEL, type AppEvent, TEAM_EVENT_CHANNEL } from '../../shared/app-commands';
import type { TeamEvent } from '../../shared/team-connection';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { resolveAppLocation } from './app-url';
import { parseDbArgument } from './args';
import { forkUtilityBackend } from './backend-process';
import { startDesktopNotifier } from './desktop-notifier';
import { createExportSave } from './export-save';
import { EXTERNAL_HOST_ALLOW_LIST, PROJECT_URL, openExternalIfAllowed } from './external-links';
import { registerApiHandlers, routedDispatch } from './ipc';
import { createLog } from './log';
import { buildMenuTemplate } from './menu';
import { printHtmlToPdf } from './pdf-window';
import { hardenSession, hardenWebContents } from './security';
import { type FirstAttempt, startWithRecovery } from './startup-error';
import { electronNativeBinding } from './native-binding';
import { createTeamClient, createTeamSettingsStore } from './team-client';
import { registerTeamHandlers } from './team-ipc';
import { createMainWindow } from './window';
import { createWindowStateStore } from './window-state';

/**
 * Replaces the user-data folder (window state, single-instance lock, default database):
 * how end-to-end tests run a fresh, isolated app per test.
 */
const USER_DATA_ENV = 'RELEASE_CALENDAR_USER_DATA';

// Resolved in the entry file on purpose: in a shared chunk __dirname would be another folder.
const PRELOAD_PATH = path.join(__dirname, '../preload/index.js');
const BACKEND_ENTRY = path.join(__dirname, 'backend.js');
const INDEX_HTML_PATH = path.join(__dirname, '../renderer/index.html');

const userDataOverride = process.env[USER_DATA_ENV];
// Must precede the lock and 'ready': both read the user-data folder.
if (userDataOverride) app.setPath('userData', path.resolve(userDataOverride));
// Sandbox every renderer, including any that Electron creates without our webPreferences.
app.enableSandbox();

if (app.requestSingleInstanceLock()) {
  main().catch((err: unknown) => {
    dialog.showErrorBox(`${PRODUCT_NAME} could not start`, err instanceof Error ? err.message : String(err));
    app.quit();
  });
} else {
  // The first instance gets 'second-instance' and comes to the front; this one has nothing to do.
  app.quit();
}

function bringToFront(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

async function main(): Promise<void> {
  const location = resolveAppLocation({
    isPackaged: app.isPackaged,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    indexHtmlPath: INDEX_HTML_PATH,
    indexHtmlUrl: pathToFileURL(INDEX_HTML_PATH).href,
  });
  let mainWindow: BrowserWindow | null = null;
  let mainContentsId: number | undefined;
  // Set once the database is open: no window is ever shown without one.
  let showWindow: (() => BrowserWindow) | null = null;

  // Registered before 'ready': a second launch may come while this one is still starting.
  app.on('second-instance', () => {
    if (mainWindow) bringToFront(mainWindow);
    else showWindow?.();
  });

  await app.whenReady();
  const log = createLog(app.getPath('logs'), fs);
  const openInBrowser = (url: string): Promise<void> => shell.openExternal(url);
  // Evidence links of validation gates open too; the backend answers once it runs.
  let isStoredEvidence: (url: string) => Promise<boolean> = () => Promise.resolve(false);
  const sendToWindow = (event: AppEvent): void => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(APP_EVENT_CHANNEL, event);
  };

  // Before any window exists, so that every webContents is locked from its first moment.
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, {
      location,
      allowList: EXTERNAL_HOST_ALLOW_LIST,
      openExternal: openInBrowser,
      log,
      isStoredEvidence: (url) => isStoredEvidence(url),
    }),
  );
  hardenSession(session.defaultSession, { location, contentSecurityPolicy: CONTENT_SECURITY_POLICY });

  const dbArgument = parseDbArgument(process.argv);
  const first: FirstAttempt = dbArgument.ok
    ? { dbPath: resolveDatabasePath(dbArgument.path, process.env, app.getPath('userData')) }
    : { failure: { message: dbArgument.message, canChooseAnother: true } };
  // SQLite and the services run in a utilityProcess: the window's thread only relays calls.
  const openBackend = async (
    dbPath: string,
    restore?: string,
  ): Promise<{ process: BackendProcess; databasePath: string }> => {
    const candidate = createBackendProcess({
      spawn: () => forkUtilityBackend(BACKEND_ENTRY),
      init: {
        dbPath,
        // The Electron build of better-sqlite3; node_modules holds the Node build (native-binding.ts).
        nativeBinding: electronNativeBinding({
          isPackaged: app.isPackaged,
          mainDir: __dirname,
          resourcesPath: process.resourcesPath,
          platform: process.platform,
          arch: process.arch,
        }),
        version: APP_VERSION,
      },
      log: (message) => log(message),
      onRestart: ({ inFlight }) => {
        log(`The backend process was restarted (${inFlight} call(s) in flight were answered with an error).`);
        sendToWindow({
          type: 'backend-restarted',
          message:
            inFlight > 0
              ? "The app's database process stopped and was restarted; the change you were making may not have been saved — check it, then try again."
              : "The app's database process stopped and was restarted; nothing was in progress, so nothing was lost.",
        });
      },
      onGiveUp: (reason) => {
        sendToWindow({ type: 'backend-down', message: BACKEND_DOWN_MESSAGE });
        dialog.showErrorBox(`${PRODUCT_NAME} cannot reach its database`, `${BACKEND_DOWN_MESSAGE} (${reason})`);
      },
    });
    const ready = await candidate.start(restore);
    if (restore !== undefined) log(`Restored the backup ${restore} over ${dbPath}, which was damaged.`);
    return { process: candidate, databasePath: ready.databasePath };
  };
  const opened = await startWithRecovery(
    first,
    openBackend,
    {
      showMessageBox: (options) => dialog.showMessageBox(options),
      showOpenDialog: (options) => dialog.showOpenDialog(options),
    },
    log,
  );
  if (!opened) {
    app.quit();
    return;
  }
  const backend = opened.process;
  log(`${PRODUCT_NAME} ${APP_VERSION} opened ${opened.databasePath}`);
  isStoredEvidence = (url) => backend.isEvidenceUrl(url);
  // Quit only once the backend has closed the database (it checkpoints the WAL).
  let backendStopped = false;
  app.on('will-quit', (event) => {
    if (backendStopped) return;
    event.preventDefault();
    void backend.stop().then(() => {
      backendStopped = true;
      app.quit();
    });
  });

  // Joined to a team server, every call of the page goes there instead (docs/team-mode.md).
  const sendTeamEvent = (event: TeamEvent): void => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(TEAM_EVENT_CHANNEL, event);
  };
  const team = createTeamClient({
    fetch: globalThis.fetch,
    settings: createTeamSettingsStore(app.getPath('userData'), fs, log),
    onStatus: (status) => sendTeamEvent({ type: 'status', status }),
    log,
  });
  registerTeamHandlers({ ipcMain, team, mainContentsId: () => mainContentsId, location, send: sendTeamEvent, log });
  const exportSave = createExportSave({
    dispatch: routedDispatch(backend.dispatch, team),
    showSaveDialog: (options) =>
      mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options),
    printToPdf: printHtmlToPdf,
    defaultFolder: () => app.getPath('downloads'),
    log,
  });
  registerApiHandlers({
    ipcMain,
    dispatch: backend.dispatch,
    mainContentsId: () => mainContentsId,
    location,
    log,
    mainProcess: { 'export.save': exportSave },
    team,
  });

  app.setAboutPanelOptions({
    applicationName: PRODUCT_NAME,
    applicationVersion: APP_VERSION,
    website: PROJECT_URL,
    iconPath: icon,
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        appName: PRODUCT_NAME,
        isDev: !app.isPackaged,
        openProjectPage: () => openExternalIfAllowed(PROJECT_URL, openInBrowser, log, EXTERNAL_HOST_ALLOW_LIST),
        openLogFolder: () => {
          void shell.openPath(app.getPath('logs')).then((error) => {
            if (error) log(`Could not open the log folder: ${error}`);
          });
        },
        showAbout: () => app.showAboutPanel(),
        runCommand: (command) => sendToWindow({ type: 'command', command }),
      }),
    ),
  );

  app.on('window-all-closed', () => {
    // macOS apps stay in the Dock with no window; 'activate' brings one back.
    if (process.platform !== 'darwin') app.quit();
  });
  const stateStore = createWindowStateStore(app.getPath('userData'), fs, log);
  showWindow = () => {
    const win = createMainWindow({
      title: PRODUCT_NAME,
      preloadPath: PRELOAD_PATH,
      location,
      stateStore,
      icon,
      log,
    });
    mainWindow = win;
    mainContentsId = win.webContents.id;
    win.on('closed', () => {
      mainWindow = null;
      mainContentsId = undefined;
    });
    return win;
  };
  app.on('activate', () => {
    if (!mainWindow) showWindow();
  });
  showWindow();

  const notifier = startDesktopNotifier({
    dispatch: backend.dispatch,
    openTrain: (trainId) => {
      const event: AppEvent = { type: 'open-train', trainId };
      if (mainWindow) {
        bringToFront(mainWindow);
        sendToWindow(event);
        return;
      }
      // No window (macOS keeps the app without one): open it, and tell its page once loaded.
      showWindow().webContents.once('did-finish-load', () => sendToWindow(event));
    },
    log,
  });
  // Coming back to the app is a good moment to check (a halt recorded from the CLI, say).
  app.on('browser-window-focus', () => void notifier?.check());
  app.on('will-quit', () => notifier?.stop());
}
