import { ROLE_LABELS } from '../../../../shared/method-roles';
import { type TeamStatus, teamServerOrigin } from '../../../../shared/team-connection';

// The desktop app joined to a team server, state-free: the banner's words, the line that says
// whom the app is connected as, and what the connect form lacks.

/** The app-wide banner for a connection in trouble, or null while all is well (or not joined). */
export function teamBanner(status: TeamStatus | null): string | null {
  switch (status?.state) {
    case 'unreachable':
    case 'reconnecting':
      return 'Team server unreachable — showing the last data; changes are not saved.';
    case 'signed-out':
      return 'Signed out of the team server — sign in again in Settings → Team server; changes are not saved.';
    case 'connected':
    case 'local':
    case undefined:
      return null;
  }
}

/** "Connected to https://plan.example.com as Sam Lee (sam, Release manager)". */
export function connectedLine(status: Exclude<TeamStatus, { state: 'local' }>): string {
  const { user } = status;
  const who = user.displayName
    ? `${user.displayName} (${user.name}, ${ROLE_LABELS[user.role]})`
    : `${user.name} (${ROLE_LABELS[user.role]})`;
  return `Connected to ${status.url} as ${who}`;
}

export interface TeamDraft {
  url: string;
  name: string;
  password: string;
}

/** The connect form's problems by field, before anything is sent. */
export function teamDraftProblems(draft: TeamDraft): Partial<Record<keyof TeamDraft, string>> {
  const problems: Partial<Record<keyof TeamDraft, string>> = {};
  const url = teamServerOrigin(draft.url);
  if (!url.ok) problems.url = url.problem;
  if (draft.name.trim() === '') problems.name = 'Give your login name on the team server.';
  if (draft.password === '') problems.password = 'Give your password.';
  return problems;
}

/** The form's first values: the server and name last joined, never a password. */
export function teamDraftFrom(status: TeamStatus | null): TeamDraft {
  if (status?.state === 'local')
    return { url: status.remembered?.url ?? '', name: status.remembered?.name ?? '', password: '' };
  if (status) return { url: status.url, name: status.user.name, password: '' };
  return { url: '', name: '', password: '' };
}
