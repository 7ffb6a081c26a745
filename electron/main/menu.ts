import type { MenuItemConstructorOptions } from 'electron';
import { type AppCommand, hasModifier, shortcutFor } from '../../shared/app-commands';

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Development build: adds reload and developer tools, which a release does not offer. */
  isDev: boolean;
  /** Opens the project page through the external-URL allow-list. */
  openProjectPage: () => void;
  openLogFolder: () => void;
  showAbout: () => void;
  /** Sends a command to the window (go to a view, calendar navigation, Export…, the shortcuts list). */
  runCommand: (command: AppCommand) => void;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

/** The application menu as a plain template, so its contents are testable without Electron. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  // One item per shortcut of shared/app-commands.ts. A key without a modifier (T, ←) is shown
  // but not registered: as an accelerator it would swallow that key in every text field.
  const command = (name: AppCommand): MenuItemConstructorOptions => {
    const shortcut = shortcutFor(name);
    return {
      label: shortcut.label,
      accelerator: shortcut.keys,
      registerAccelerator: hasModifier(shortcut.keys),
      click: () => options.runCommand(name),
    };
  };
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: options.appName,
          submenu: [
            { role: 'about' },
            separator,
            { role: 'services' },
            separator,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator,
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [
    ...appMenu,
    // On macOS Quit lives in the app menu, and File closes the window as the platform expects.
    { label: 'File', submenu: [command('export.open'), separator, mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'delete' },
        separator,
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        command('view.fleet'),
        command('view.calendar'),
        command('view.rollouts'),
        command('view.fairness'),
        command('view.insights'),
        command('view.settings'),
        separator,
        {
          label: 'Calendar Navigation',
          submenu: [
            command('calendar.today'),
            command('calendar.previous'),
            command('calendar.next'),
            separator,
            command('calendar.month'),
            command('calendar.week'),
            command('calendar.timeline'),
          ],
        },
        separator,
        ...(options.isDev
          ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator] as const)
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Window',
      submenu: mac
        ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
        : [{ role: 'minimize' }, { role: 'close' }],
    },
    {
      label: 'Help',
      role: 'help',
      submenu: [
        command('shortcuts.show'),
        separator,
        { label: `${options.appName} on GitHub`, click: options.openProjectPage },
        { label: 'Open Log Folder', click: options.openLogFolder },
        // macOS has About in the app menu.
        ...(mac ? [] : [separator, { label: `About ${options.appName}`, click: options.showAbout }]),
      ],
    },
  ];
}
