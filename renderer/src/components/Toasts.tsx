import { createPortal } from 'react-dom';
import { type Toast, useToastStore } from '../stores/toasts';
import { useToastHost } from './toast-host';
import { CheckIcon, CloseIcon, WarningIcon } from './icons';

function ToastCard({ toast, onDismiss }: { toast: Toast; onDismiss: () => void }) {
  return (
    <div className={`toast toast-${toast.tone}`}>
      <span className="toast-icon">{toast.tone === 'error' ? <WarningIcon /> : <CheckIcon />}</span>
      <span className="toast-message">{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            onDismiss();
            toast.action?.run();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="icon-button toast-close" aria-label="Dismiss" onClick={onDismiss}>
        <CloseIcon />
      </button>
    </div>
  );
}

/**
 * The latest confirmation or error. Confirmations go into a status region that is
 * always present, so screen readers (and tests) see each new message arrive;
 * errors mount as an alert, which is announced at once.
 */
export function Toasts() {
  const current = useToastStore((s) => s.current);
  const dismiss = useToastStore((s) => s.dismiss);
  const host = useToastHost((s) => s.hosts.at(-1));
  const card = current && <ToastCard key={current.id} toast={current} onDismiss={() => dismiss(current.id)} />;
  const regions = (
    <>
      <div className="toasts" role="status">
        {current?.tone === 'success' && card}
      </div>
      {current?.tone === 'error' && (
        <div className="toasts" role="alert">
          {card}
        </div>
      )}
    </>
  );
  // Inside the topmost open dialog, the toast is above the page and not inert.
  return host ? createPortal(regions, host) : regions;
}
