import { useEffect } from 'react';
import { useRolloutsStore } from '../../stores/rollouts';
import { useMayCall } from '../../stores/session';

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** True when Ctrl/Cmd+Z belongs to something else: a text field's own undo, or an open dialog. */
function isForSomethingElse(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.altKey || event.shiftKey) return true;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  return document.querySelector('dialog[open]') !== null;
}

/** Ctrl+Z (Cmd+Z on a Mac) undoes the last rollout action while the Rollouts view is shown. */
export function useUndoShortcut(): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() !== 'z' || !(MAC ? event.metaKey : event.ctrlKey)) return;
      if (isForSomethingElse(event)) return;
      event.preventDefault();
      const store = useRolloutsStore.getState();
      void store.requestUndo(store.selectedId ?? undefined);
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** Undo the last rollout action: of this train when given, else the last one anywhere. */
export function UndoButton({ trainId }: { trainId?: number }) {
  const mayUndo = useMayCall('audit.undo');
  const requestUndo = useRolloutsStore((s) => s.requestUndo);
  const shortcut = MAC ? '⌘Z' : 'Ctrl+Z';
  return (
    <button
      type="button"
      className="button"
      aria-keyshortcuts={MAC ? 'Meta+Z' : 'Control+Z'}
      disabled={!mayUndo.allowed}
      title={
        mayUndo.reason ??
        `${trainId === undefined ? 'Undo the last rollout action' : 'Undo the last action on this train'} (${shortcut})`
      }
      onClick={() => void requestUndo(trainId)}
    >
      Undo
    </button>
  );
}
