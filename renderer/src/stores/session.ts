import { create } from 'zustand';
import type { Role } from '../../../shared/method-roles';
import type { MethodName } from '../../../shared/method-names';
import { teamSession } from '../api/client';
import type { SessionState, SignInResult } from '../api/team';
import { type Permission, permission } from '../shell/permissions';

// The signed-in person on a team server (docs/team-mode.md). In the desktop app and browser mode
// there is no session: the page serves the owner of the file, who may do everything.

interface SessionStore {
  /** Null outside a team server. */
  session: SessionState | null;
  check: () => Promise<void>;
  signIn: (name: string, password: string) => Promise<SignInResult>;
  signOut: () => Promise<void>;
}

export const useSessionStore = create<SessionStore>()(() => ({
  session: teamSession?.state ?? null,
  check: async () => {
    await teamSession?.check();
  },
  signIn: async (name, password) => teamSession?.signIn(name, password) ?? { ok: true },
  signOut: async () => {
    await teamSession?.signOut();
  },
}));

teamSession?.subscribe((session) => useSessionStore.setState({ session }));

/** The signed-in person's role; null outside a team server (or before signing in). */
export function useRole(): Role | null {
  return useSessionStore((s) => (s.session?.status === 'signed-in' ? s.session.user.role : null));
}

/** Whether the signed-in person may press what calls `method` (everything, outside a team server), and why not. */
export function useMayCall(method: MethodName): Permission {
  return permission(useRole(), method);
}
