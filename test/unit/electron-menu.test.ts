import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { type MenuOptions, buildMenuTemplate } from '../../electron/main/menu';
import { SHORTCUTS } from '../../shared/app-commands';

function options(overrides: Partial<MenuOptions> = {}): MenuOptions {
  return {
    platform: 'linux',
    appName: 'Release Calendar',
    isDev: false,
    openProjectPage: vi.fn(),
    openLogFolder: vi.fn(),
    showAbout: vi.fn(),
    runCommand: vi.fn(),
    ...overrides,
  };
}

function items(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((m) => m.label === label);
  return (menu?.submenu ?? []) as MenuItemConstructorOptions[];
}

const roles = (list: MenuItemConstructorOptions[]) => list.map((i) => i.role).filter(Boolean);

describe('buildMenuTemplate', () => {
  it('has the usual menus, with the app menu only on macOS', () => {
    expect(buildMenuTemplate(options()).map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(buildMenuTemplate(options({ platform: 'darwin' }))[0]?.label).toBe('Release Calendar');
  });

  it('puts Quit in File on Windows and Linux, and in the app menu on macOS', () => {
    expect(roles(items(buildMenuTemplate(options({ platform: 'win32' })), 'File'))).toEqual(['quit']);
    const mac = buildMenuTemplate(options({ platform: 'darwin' }));
    expect(roles(items(mac, 'Release Calendar'))).toContain('quit');
    expect(roles(items(mac, 'File'))).toEqual(['close']);
  });

  it('offers the editing roles text fields need', () => {
    expect(roles(items(buildMenuTemplate(options()), 'Edit'))).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
    );
  });

  it('offers reload and developer tools only in development', () => {
    const release = roles(items(buildMenuTemplate(options()), 'View'));
    expect(release).not.toContain('toggleDevTools');
    expect(release).not.toContain('reload');
    expect(release).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']));
    expect(roles(items(buildMenuTemplate(options({ isDev: true })), 'View'))).toContain('toggleDevTools');
  });

  it('wires Help to the project page, the log folder and About', () => {
    const o = options();
    const help = items(buildMenuTemplate(o), 'Help');
    const click = (label: string) => (help.find((i) => i.label === label)?.click as (() => void) | undefined)?.();
    click('Release Calendar on GitHub');
    click('Open Log Folder');
    click('About Release Calendar');
    expect(o.openProjectPage).toHaveBeenCalledOnce();
    expect(o.openLogFolder).toHaveBeenCalledOnce();
    expect(o.showAbout).toHaveBeenCalledOnce();
    // On macOS About is the app menu's role instead.
    expect(items(buildMenuTemplate(options({ platform: 'darwin' })), 'Help').map((i) => i.label)).not.toContain(
      'About Release Calendar',
    );
  });

  it('lists every shortcut of the app in its menu, and registers only the ones with a modifier', () => {
    const o = options();
    const template = buildMenuTemplate(o);
    const all = (list: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
      list.flatMap((i) => [i, ...all((i.submenu ?? []) as MenuItemConstructorOptions[])]);
    const withCommand = all(template).filter((i) => i.accelerator !== undefined);
    expect(withCommand.map((i) => i.accelerator).sort()).toEqual(SHORTCUTS.map((s) => s.keys).sort());
    const registered = Object.fromEntries(withCommand.map((i) => [i.label, i.registerAccelerator]));
    expect(registered).toMatchObject({
      Calendar: true,
      Today: false,
      Previous: false,
      'Export…': true,
      'Keyboard Shortcuts': false,
    });
    for (const item of withCommand) (item.click as () => void)();
    expect((o.runCommand as ReturnType<typeof vi.fn>).mock.calls.map((c) => c[0]).sort()).toEqual(
      SHORTCUTS.map((s) => s.command).sort(),
    );
  });
});
