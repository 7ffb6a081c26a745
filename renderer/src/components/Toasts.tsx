import { useToastStore } from '../stores/toasts';
import { CheckIcon, CloseIcon, WarningIcon } from './icons';

/** Confirmations after an action; each one is its own polite live region so tests and screen readers read it whole. */
export function Toasts() {
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  return (
    <div className="toasts">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
          <span className="toast-icon">{t.tone === 'error' ? <WarningIcon /> : <CheckIcon />}</span>
          <span className="toast-message">{t.message}</span>
          <button type="button" className="icon-button toast-close" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  );
}
