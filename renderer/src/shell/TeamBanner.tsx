import { useEffect } from 'react';
import { WarningIcon } from '../components/icons';
import { useAppInfoStore } from '../stores/app-info';
import { followTeamConnection, useTeamConnectionStore } from '../stores/team-connection';
import { teamBanner } from '../views/settings/team-connection-model';
import './team-banner.css';

/**
 * The desktop app joined to a team server: an app-wide warning while the server cannot be reached
 * (every call answers `unavailable`, nothing is queued) or the session has ended. Nothing elsewhere.
 */
export function TeamBanner() {
  const status = useTeamConnectionStore((s) => s.status);
  useEffect(() => followTeamConnection(() => void useAppInfoStore.getState().load()), []);
  const message = teamBanner(status);
  if (!message) return null;
  return (
    <div className="banner banner-warning team-banner" role="status" data-testid="team-banner">
      <WarningIcon />
      <strong>{message}</strong>
    </div>
  );
}
