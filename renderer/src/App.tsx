import { useEffect } from 'react';
import { Toasts } from './components/Toasts';
import { AppFooter } from './shell/AppFooter';
import { AppHeader } from './shell/AppHeader';
import { ShortcutsDialog } from './shell/ShortcutsDialog';
import { TeamBanner } from './shell/TeamBanner';
import { handleAppEvent, runAppCommand } from './shell/app-commands';
import { startBrowserNotifier } from './shell/browser-notifier';
import { useAppInfoStore } from './stores/app-info';
import { useFleetStore } from './stores/fleet';
import { useUiStore } from './stores/ui';
import { VIEWS } from './views/registry';

export function App() {
  const view = useUiStore((s) => s.view);
  const Current = VIEWS.find((v) => v.id === view)?.component;

  useEffect(() => {
    void useAppInfoStore.getState().load();
    void useFleetStore.getState().load();
  }, []);

  // The desktop app's menus, clicked notifications and backend restarts arrive here.
  useEffect(() => window.releaseCalendarEvents?.subscribe(handleAppEvent), []);
  // Browser mode notifies from the page (the desktop app from its main process).
  useEffect(() => startBrowserNotifier(), []);

  // "?" lists the shortcuts, wherever the focus is except in a field or an open dialog.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      runAppCommand('shortcuts.show');
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <div className="app">
      <AppHeader />
      <TeamBanner />
      <main className="app-main">{Current && <Current />}</main>
      <AppFooter />
      <ShortcutsDialog />
      <Toasts />
    </div>
  );
}
