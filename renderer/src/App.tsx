import { useEffect } from 'react';
import { FormAlert } from './components/FormAlert';
import { Toasts } from './components/Toasts';
import { AppFooter } from './shell/AppFooter';
import { AppHeader } from './shell/AppHeader';
import { ShortcutsDialog } from './shell/ShortcutsDialog';
import { SignInScreen } from './shell/SignInScreen';
import { TeamBanner } from './shell/TeamBanner';
import { handleAppEvent, runAppCommand } from './shell/app-commands';
import { startBrowserNotifier } from './shell/browser-notifier';
import { useAppInfoStore } from './stores/app-info';
import { useFleetStore } from './stores/fleet';
import { startLive } from './stores/live';
import { useSessionStore } from './stores/session';
import { useUiStore } from './stores/ui';
import { VIEWS } from './views/registry';

/**
 * On a team server, the app shows once someone is signed in (the sign-in screen until then, and
 * again when the session ends); in the desktop app and browser mode at once.
 */
export function App() {
  const session = useSessionStore((s) => s.session);
  useEffect(() => {
    void useSessionStore.getState().check();
  }, []);
  if (session === null) return <Workspace />;
  switch (session.status) {
    case 'checking':
      return (
        <main className="sign-in">
          <p className="sign-in-text" role="status">
            Checking your session…
          </p>
        </main>
      );
    case 'unreachable':
      return (
        <main className="sign-in">
          <div className="sign-in-card tile">
            <FormAlert message={session.message} />
          </div>
        </main>
      );
    case 'signed-out':
      return <SignInScreen notice={session.notice} />;
    case 'signed-in':
      return <Workspace key={session.user.name} live />;
  }
}

/** The app itself: header, the view shown, footer; with `live`, others' changes show as they are made. */
function Workspace({ live = false }: { live?: boolean }) {
  const view = useUiStore((s) => s.view);
  const Current = VIEWS.find((v) => v.id === view)?.component;

  useEffect(() => {
    void useAppInfoStore.getState().load();
    void useFleetStore.getState().load();
  }, []);

  useEffect(() => (live ? startLive() : undefined), [live]);

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
