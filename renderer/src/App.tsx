import { useEffect } from 'react';
import { Toasts } from './components/Toasts';
import { AppFooter } from './shell/AppFooter';
import { AppHeader } from './shell/AppHeader';
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

  return (
    <div className="app">
      <AppHeader />
      <main className="app-main">{Current && <Current />}</main>
      <AppFooter />
      <Toasts />
    </div>
  );
}
