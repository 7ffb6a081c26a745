import { useEffect } from 'react';
import { WarningIcon } from '../components/icons';
import { useAppInfoStore } from '../stores/app-info';
import { reloadShown } from '../stores/live';
import { followTeamConnection, useTeamConnectionStore } from '../stores/team-connection';
import { teamBanner } from '../views/settings/team-connection-model';
import './team-banner.css';

/**
 * The desktop app joined to a team server: an app-wide warning while the server cannot be reached
 * (every call answers `unavailable`, nothing is queued) or the session has ended. Nothing elsewhere.
 * It also follows the connection's events, so a joined desktop app is live like a team page.
 */
export function TeamBanner() {
  const status = useTeamConnectionStore((s) => s.status);
  useEffect(() => {
    // A change someone made on the server (or the server back after trouble): the view on screen
    // reads again, once per burst of changes, as a team page does on its event stream.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = followTeamConnection(() => {
      timer ??= setTimeout(() => {
        timer = null;
        void useAppInfoStore.getState().load();
        reloadShown();
      }, 200);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, []);
  const message = teamBanner(status);
  if (!message) return null;
  return (
    <div className="banner banner-warning team-banner" role="status" data-testid="team-banner">
      <WarningIcon />
      <strong>{message}</strong>
    </div>
  );
}
