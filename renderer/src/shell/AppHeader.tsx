import { LogoMark } from '../components/icons';
import { useUiStore } from '../stores/ui';
import { VIEWS } from '../views/registry';
import { SessionBar } from './SessionBar';

/** Product name and the section navigation. */
export function AppHeader() {
  const view = useUiStore((s) => s.view);
  const setView = useUiStore((s) => s.setView);
  return (
    <header className="app-header">
      <div className="brand">
        <LogoMark />
        <span className="brand-name">Release Calendar</span>
      </div>
      <nav aria-label="Sections" className="app-nav">
        <ul>
          {VIEWS.map((v) => (
            <li key={v.id}>
              <button
                type="button"
                className={`nav-item${v.id === view ? ' is-current' : ''}`}
                aria-current={v.id === view ? 'page' : undefined}
                onClick={() => setView(v.id)}
              >
                {v.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <SessionBar />
    </header>
  );
}
