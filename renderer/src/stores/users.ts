import { create } from 'zustand';
import type { Input } from '../../../shared/contract';
import { errorMessage } from '../../../shared/errors';
import { ROLE_LABELS, type Role } from '../../../shared/method-roles';
import type { TeamUser } from '../../../shared/team-accounts';
import { ApiCallError, call } from '../api/client';
import { sortUsers } from '../views/settings/users-model';
import { toast } from './toasts';

interface UsersState {
  /** Every account, by login name; null until loaded. */
  users: TeamUser[] | null;
  status: 'idle' | 'loading' | 'ready' | 'forbidden' | 'error';
  loadError: string | null;
  load: () => Promise<void>;
  /** Each change answers the user as it now is; a refusal rejects with ApiCallError. */
  add: (input: Input<'users.add'>) => Promise<TeamUser>;
  setRole: (name: string, role: Role) => Promise<TeamUser>;
  disable: (name: string) => Promise<TeamUser>;
  enable: (name: string) => Promise<TeamUser>;
  resetPassword: (name: string, password: string) => Promise<TeamUser>;
}

let latest = 0;

/** The accounts of a team server (Settings → Users); an admin's to manage. */
export const useUsersStore = create<UsersState>()((set, get) => {
  /** Puts the changed user in the list in place of its old self. */
  const put = (user: TeamUser): TeamUser => {
    set({ users: sortUsers([...(get().users ?? []).filter((u) => u.name !== user.name), user]) });
    return user;
  };
  return {
    users: null,
    status: 'idle',
    loadError: null,
    load: async () => {
      const ticket = ++latest;
      set({ status: get().users ? 'ready' : 'loading', loadError: null });
      try {
        const users = await call('users.list', {});
        if (ticket === latest) set({ users: sortUsers(users), status: 'ready' });
      } catch (err) {
        if (ticket !== latest) return;
        // Not an admin: the section says who manages accounts instead of an error.
        if (err instanceof ApiCallError && err.error.code === 'forbidden') set({ users: null, status: 'forbidden' });
        else set({ status: 'error', loadError: errorMessage(err) });
      }
    },
    add: async (input) => {
      const user = put(await call('users.add', input));
      toast(`Added ${user.name} as ${ROLE_LABELS[user.role]}; they can sign in now`);
      return user;
    },
    setRole: async (name, role) => {
      const user = put(await call('users.setRole', { name, role }));
      toast(`${user.name} is now ${ROLE_LABELS[user.role]}`);
      return user;
    },
    disable: async (name) => {
      const user = put(await call('users.disable', { name }));
      toast(`Disabled ${user.name}; their sessions have ended`);
      return user;
    },
    enable: async (name) => {
      const user = put(await call('users.enable', { name }));
      toast(`Enabled ${user.name}; they can sign in again`);
      return user;
    },
    resetPassword: async (name, password) => {
      const user = put(await call('users.resetPassword', { name, password }));
      toast(`Set a new password for ${user.name}; their sessions have ended`);
      return user;
    },
  };
});
