import { ROLE_LABELS } from '../../../shared/method-roles';
import { useLiveStore } from '../stores/live';
import { useSessionStore } from '../stores/session';

const LIVE_LABEL = { off: null, connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

/** On a team server: whether changes arrive live, who is signed in with their role, and Sign out. */
export function SessionBar() {
  const session = useSessionStore((s) => s.session);
  const signOut = useSessionStore((s) => s.signOut);
  const live = useLiveStore((s) => s.status);
  if (session?.status !== 'signed-in') return null;
  const label = LIVE_LABEL[live];
  return (
    <div className="session-bar">
      {label && (
        <span
          className={`live-indicator is-${live}`}
          role="status"
          title={
            live === 'live'
              ? "Others' changes show here as they are made."
              : 'The connection to the server dropped; changes show again once it is back.'
          }
        >
          <span className="live-dot" aria-hidden="true" />
          {label}
        </span>
      )}
      <span className="session-user">
        Signed in as <strong>{session.user.name}</strong>
        <span className="session-role"> · {ROLE_LABELS[session.user.role]}</span>
      </span>
      <button type="button" className="button button-ghost" onClick={() => void signOut()}>
        Sign out
      </button>
    </div>
  );
}
