import { SHORTCUTS, type Shortcut, hasModifier, shortcutLabel } from '../../../shared/app-commands';
import { transportKind } from '../api/client';
import { Dialog } from '../components/Dialog';
import { useUiStore } from '../stores/ui';

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Keys the page handles itself, beside the commands of the menus. */
const PAGE_KEYS: readonly Pick<Shortcut, 'label' | 'keys' | 'group'>[] = [
  { label: 'Undo the last rollout action (Rollouts view)', keys: 'CmdOrCtrl+Z', group: 'App' },
  { label: 'Close a dialog or drawer', keys: 'Esc', group: 'App' },
];

const GROUPS = ['Go to', 'Calendar', 'App'] as const;

/** Every keyboard shortcut of the app, the same list the desktop app's menus show. */
export function ShortcutsDialog() {
  const open = useUiStore((s) => s.shortcutsOpen);
  const show = useUiStore((s) => s.showShortcuts);
  if (!open) return null;
  // A browser keeps Ctrl+1…5 and Ctrl+E for its own tabs and address bar: those are the desktop app's menus.
  const browser = transportKind !== 'electron';
  const rows = [...SHORTCUTS, ...PAGE_KEYS];
  return (
    <Dialog label="Keyboard shortcuts" variant="modal" wide onClose={() => show(false)}>
      {/* Focusable: on a short window the list scrolls, and the keyboard must be able to scroll it. */}
      <div className="modal-body" tabIndex={0}>
        <h2>Keyboard shortcuts</h2>
        <p className="modal-subtitle">
          Calendar keys work while the calendar is shown and no field has the focus.
          {browser ? ' Shortcuts marked “desktop app” are in its menus; a browser keeps those keys for itself.' : ''}
        </p>
        <div className="shortcut-columns">
          {GROUPS.map((group) => (
            <section key={group} className="shortcut-group" aria-label={group}>
              <h3>{group}</h3>
              <dl className="shortcut-list">
                {rows
                  .filter((s) => s.group === group)
                  .map((s) => (
                    <div key={s.label} className="shortcut-row">
                      <dt>{s.label}</dt>
                      <dd>
                        <kbd>{shortcutLabel(s.keys, MAC)}</kbd>
                        {browser && hasModifier(s.keys) && s.keys !== 'CmdOrCtrl+Z' && (
                          <span className="shortcut-where">desktop app</span>
                        )}
                      </dd>
                    </div>
                  ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
      <div className="modal-footer">
        <button type="button" className="button button-primary" data-autofocus onClick={() => show(false)}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
