import { useEffect, useState } from 'react';
import { errorMessage } from '../../../../shared/errors';
import { FormAlert } from '../../components/FormAlert';
import { InputField } from '../../components/InputField';
import { connectedLine, teamDraftFrom, teamDraftProblems, type TeamDraft } from './team-connection-model';
import { canJoinTeam, useTeamConnectionStore } from '../../stores/team-connection';
import { SettingsSection } from './SettingsSection';
import './users.css';

/** The page reads everything again from where calls now go (the server, or the local file). */
function readAgain(): void {
  window.location.reload();
}

/**
 * Settings → Team server, in the desktop app only: join a team server (its address, your name
 * and password), see whom the app is connected as, and leave it. The main process holds the
 * session; this page never sees the cookie.
 */
export function TeamServerSection() {
  if (!canJoinTeam()) return null;
  return (
    <SettingsSection
      id="settings-team-server"
      title="Team server"
      description="Work on a team's shared plan instead of this computer's database: every change then goes to the team server, under your account. Your password is not kept; the address and your name are."
    >
      <TeamServer />
    </SettingsSection>
  );
}

function TeamServer() {
  const status = useTeamConnectionStore((s) => s.status);
  const [draft, setDraft] = useState<TeamDraft>(() => teamDraftFrom(status));
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    void useTeamConnectionStore
      .getState()
      .load()
      .then(() => setDraft((d) => (d.url ? d : teamDraftFrom(useTeamConnectionStore.getState().status))));
  }, []);

  const problems = tried ? teamDraftProblems(draft) : {};
  const edit = (change: Partial<TeamDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setRefusal(null);
  };

  async function connect() {
    setTried(true);
    if (Object.keys(teamDraftProblems(draft)).length > 0) return;
    setBusy(true);
    try {
      await useTeamConnectionStore.getState().connect(draft);
      readAgain();
    } catch (err) {
      setBusy(false);
      setRefusal(errorMessage(err));
    }
  }

  async function disconnect() {
    setBusy(true);
    try {
      await useTeamConnectionStore.getState().disconnect();
      readAgain();
    } catch (err) {
      setBusy(false);
      setRefusal(errorMessage(err));
    }
  }

  if (status && status.state !== 'local' && status.state !== 'signed-out')
    return (
      <div className="settings-card-body team-server-body">
        {refusal && <FormAlert message={refusal} />}
        <p className="team-server-connected" data-testid="team-connected">
          {connectedLine(status)}
          {status.state !== 'connected' && ' — the server cannot be reached now; changes are not saved.'}
        </p>
        <div className="team-server-actions">
          <button type="button" className="button" disabled={busy} onClick={() => void disconnect()}>
            {busy ? 'Disconnecting…' : 'Disconnect'}
          </button>
        </div>
      </div>
    );

  return (
    <form
      noValidate
      aria-label="Connect to a team server"
      className="settings-card-body team-server-body"
      onSubmit={(e) => {
        e.preventDefault();
        void connect();
      }}
    >
      {status?.state === 'signed-out' && (
        <p className="team-server-connected">Your session on {status.url} has ended: sign in again.</p>
      )}
      {refusal && <FormAlert message={refusal} />}
      <InputField
        name="team-url"
        label="Server address"
        hint="Such as https://plan.example.com (plain http:// only for a server on this computer)."
        type="url"
        spellCheck={false}
        autoComplete="url"
        error={problems.url}
        value={draft.url}
        onChange={(url) => edit({ url })}
      />
      <InputField
        name="team-name"
        label="Login name"
        autoComplete="username"
        spellCheck={false}
        error={problems.name}
        value={draft.name}
        onChange={(name) => edit({ name })}
      />
      <InputField
        name="team-password"
        label="Password"
        type="password"
        autoComplete="current-password"
        error={problems.password}
        value={draft.password}
        onChange={(password) => edit({ password })}
      />
      <div className="team-server-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}
