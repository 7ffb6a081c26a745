import { useEffect, useState } from 'react';
import { errorMessage } from '../../../../shared/errors';
import { ROLE_LABELS, ROLE_SUMMARIES, type Role } from '../../../../shared/method-roles';
import type { TeamUser } from '../../../../shared/team-accounts';
import { ApiCallError } from '../../api/client';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { FormDialog } from '../../components/FormDialog';
import { InputField } from '../../components/InputField';
import { useAppInfoStore } from '../../stores/app-info';
import { useUsersStore } from '../../stores/users';
import { ConfirmRemoveDialog } from './ConfirmRemoveDialog';
import { SettingsSection } from './SettingsSection';
import {
  EMPTY_USER,
  type NewUserDraft,
  type NewUserField,
  type PasswordField,
  type PasswordPair,
  ROLE_OPTIONS,
  USERS_MANAGED_BY_ADMINS,
  newUserInput,
  newUserProblems,
  passwordPairProblems,
  placeRefusal,
  roleChangeConsequence,
  userLabel,
  userStatus,
  usersShownHere,
} from './users-model';
import './users.css';

/** "25 Jan 2027" in this machine's zone. */
function day(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** A refusal as the form shows it: field messages where the API names a field, else one alert. */
function refusalOf<F extends string>(err: unknown, shown: readonly F[]) {
  return err instanceof ApiCallError
    ? placeRefusal(err.error.message, err.error.fields, shown)
    : { byField: {}, alert: errorMessage(err) };
}

/**
 * Settings → Users: the accounts of a team server, an admin's to manage. Absent where nobody signs
 * in (the desktop app, browser mode); a person who is not an admin reads who manages accounts.
 */
export function UsersSection() {
  const info = useAppInfoStore((s) => s.info);
  if (!usersShownHere(info)) return null;
  return (
    <SettingsSection
      id="settings-users"
      title="Users"
      description="Who may sign in to this team server, and with which role. Changing a role, disabling an account or resetting its password signs that person out everywhere."
    >
      <Users />
    </SettingsSection>
  );
}

type Action =
  | { kind: 'add' }
  | { kind: 'role'; user: TeamUser }
  | { kind: 'disable'; user: TeamUser }
  | { kind: 'password'; user: TeamUser };

function Users() {
  const users = useUsersStore((s) => s.users);
  const status = useUsersStore((s) => s.status);
  const loadError = useUsersStore((s) => s.loadError);
  const [action, setAction] = useState<Action | null>(null);
  const [enableError, setEnableError] = useState<string | null>(null);

  useEffect(() => {
    void useUsersStore.getState().load();
  }, []);

  if (status === 'forbidden')
    return (
      <div className="settings-card-body">
        <p className="users-muted" data-testid="users-not-admin">
          {USERS_MANAGED_BY_ADMINS}
        </p>
      </div>
    );

  async function enable(user: TeamUser) {
    setEnableError(null);
    try {
      await useUsersStore.getState().enable(user.name);
    } catch (err) {
      setEnableError(errorMessage(err));
    }
  }

  return (
    <div className="settings-card-body users-body">
      {loadError && <FormAlert message={loadError} />}
      {enableError && <FormAlert message={enableError} />}
      <div className="users-toolbar">
        <button type="button" className="button button-primary" onClick={() => setAction({ kind: 'add' })}>
          Add user
        </button>
      </div>
      {status === 'loading' && <p className="users-muted">Loading users…</p>}
      {users && (
        <table className="users-table" aria-label="Users">
          <thead>
            <tr>
              <th scope="col">Login name</th>
              <th scope="col">Display name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.name} className={user.disabled ? 'user-disabled' : undefined}>
                <td>
                  <code>{user.name}</code>
                </td>
                <td>{user.displayName ?? <span className="users-muted">—</span>}</td>
                <td>{ROLE_LABELS[user.role]}</td>
                <td>{userStatus(user)}</td>
                <td>{day(user.createdAt)}</td>
                <td className="users-actions">
                  <button
                    type="button"
                    className="button button-ghost"
                    aria-label={`Change ${user.name}'s role`}
                    onClick={() => setAction({ kind: 'role', user })}
                  >
                    Role…
                  </button>
                  <button
                    type="button"
                    className="button button-ghost"
                    aria-label={`Reset ${user.name}'s password`}
                    onClick={() => setAction({ kind: 'password', user })}
                  >
                    Reset password…
                  </button>
                  {user.disabled ? (
                    <button
                      type="button"
                      className="button button-ghost"
                      aria-label={`Enable ${user.name}`}
                      onClick={() => void enable(user)}
                    >
                      Enable
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button-ghost"
                      aria-label={`Disable ${user.name}`}
                      onClick={() => setAction({ kind: 'disable', user })}
                    >
                      Disable…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {action?.kind === 'add' && <AddUserDialog onClose={() => setAction(null)} />}
      {action?.kind === 'role' && <RoleDialog user={action.user} onClose={() => setAction(null)} />}
      {action?.kind === 'password' && <ResetPasswordDialog user={action.user} onClose={() => setAction(null)} />}
      {action?.kind === 'disable' && (
        <ConfirmRemoveDialog
          title="Disable user?"
          subject={userLabel(action.user)}
          consequence="can no longer sign in, and is signed out everywhere at once. Nothing they did is removed; enable the account to let them back."
          confirmLabel="Disable user"
          busyLabel="Disabling…"
          onConfirm={async () => {
            await useUsersStore.getState().disable(action.user.name);
          }}
          onClose={() => setAction(null)}
        />
      )}
    </div>
  );
}

/** The new password, typed twice: the server's rules under the first, a mismatch under the second. */
function PasswordFields({
  pair,
  errors,
  onChange,
  focus,
}: {
  pair: PasswordPair;
  errors: Partial<Record<PasswordField, string>>;
  onChange: (change: Partial<PasswordPair>) => void;
  focus?: boolean;
}) {
  return (
    <>
      <InputField
        name="account-password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="12 characters or more; a few words make a good one. It must not contain the login name."
        error={errors.password}
        value={pair.password}
        onChange={(password) => onChange({ password })}
        focus={focus ? 'dialog' : undefined}
      />
      <InputField
        name="account-confirm"
        label="Password again"
        type="password"
        autoComplete="new-password"
        error={errors.confirm}
        value={pair.confirm}
        onChange={(confirm) => onChange({ confirm })}
      />
    </>
  );
}

function RoleSelect({ name, value, onChange }: { name: string; value: Role; onChange: (role: Role) => void }) {
  return (
    <Field name={name} label="Role" hint={ROLE_SUMMARIES[value]}>
      {(control) => (
        <select
          {...control}
          data-autofocus={name === 'account-new-role' ? true : undefined}
          className="input select"
          value={value}
          onChange={(e) => onChange(e.target.value as Role)}
        >
          {ROLE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const ADD_FIELDS: readonly NewUserField[] = ['name', 'displayName', 'role', 'password', 'confirm'];

function AddUserDialog({ onClose }: { onClose: () => void }) {
  const [draft, setDraft] = useState<NewUserDraft>(EMPTY_USER);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ byField: Partial<Record<NewUserField, string>>; alert: string | null }>({
    byField: {},
    alert: null,
  });
  const errors = { ...(tried ? newUserProblems(draft) : {}), ...refusal.byField };
  const edit = (change: Partial<NewUserDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setRefusal({ byField: {}, alert: null });
  };

  async function submit() {
    setTried(true);
    if (Object.keys(newUserProblems(draft)).length > 0) return;
    setBusy(true);
    try {
      await useUsersStore.getState().add(newUserInput(draft));
      onClose();
    } catch (err) {
      setBusy(false);
      setRefusal(refusalOf(err, ADD_FIELDS));
    }
  }

  return (
    <FormDialog
      title="Add user"
      description="Someone who may sign in to this team server. Tell them their password by a separate channel."
      message={refusal.alert}
      submitLabel="Add user"
      busyLabel="Adding…"
      busy={busy}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <InputField
        name="account-name"
        label="Login name"
        hint="What they type to sign in: lower-case letters, digits, “.”, “_” and “-”."
        error={errors.name}
        maxLength={64}
        spellCheck={false}
        value={draft.name}
        onChange={(name) => edit({ name })}
        focus="dialog"
      />
      <InputField
        name="account-display-name"
        label="Display name"
        optional
        error={errors.displayName}
        maxLength={100}
        value={draft.displayName}
        onChange={(displayName) => edit({ displayName })}
      />
      <RoleSelect name="account-role" value={draft.role} onChange={(role) => edit({ role })} />
      <PasswordFields pair={draft} errors={errors} onChange={edit} />
    </FormDialog>
  );
}

function RoleDialog({ user, onClose }: { user: TeamUser; onClose: () => void }) {
  const [role, setRole] = useState<Role>(user.role);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function submit() {
    if (role === user.role) {
      onClose();
      return;
    }
    setBusy(true);
    try {
      await useUsersStore.getState().setRole(user.name, role);
      onClose();
    } catch (err) {
      // The last admin's protection arrives here in the server's words.
      setBusy(false);
      setMessage(errorMessage(err));
    }
  }

  return (
    <FormDialog
      title={`Change ${user.name}'s role`}
      description={`${userLabel(user)} is ${ROLE_LABELS[user.role]} now.`}
      notice={role === user.role ? null : roleChangeConsequence(user, role)}
      message={message}
      submitLabel="Change role"
      busyLabel="Changing…"
      busy={busy}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <RoleSelect
        name="account-new-role"
        value={role}
        onChange={(r) => {
          setRole(r);
          setMessage(null);
        }}
      />
    </FormDialog>
  );
}

const PASSWORD_FIELDS: readonly PasswordField[] = ['password', 'confirm'];

function ResetPasswordDialog({ user, onClose }: { user: TeamUser; onClose: () => void }) {
  const [pair, setPair] = useState<PasswordPair>({ password: '', confirm: '' });
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ byField: Partial<Record<PasswordField, string>>; alert: string | null }>({
    byField: {},
    alert: null,
  });
  const errors = { ...(tried ? passwordPairProblems(user.name, pair) : {}), ...refusal.byField };

  async function submit() {
    setTried(true);
    if (Object.keys(passwordPairProblems(user.name, pair)).length > 0) return;
    setBusy(true);
    try {
      await useUsersStore.getState().resetPassword(user.name, pair.password);
      onClose();
    } catch (err) {
      setBusy(false);
      setRefusal(refusalOf(err, PASSWORD_FIELDS));
    }
  }

  return (
    <FormDialog
      title={`Reset ${user.name}'s password`}
      description={`A new password for ${userLabel(user)}. They are signed out everywhere and sign in with it.`}
      message={refusal.alert}
      submitLabel="Set password"
      busyLabel="Setting…"
      busy={busy}
      danger
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <PasswordFields
        pair={pair}
        errors={errors}
        focus
        onChange={(change) => {
          setPair((p) => ({ ...p, ...change }));
          setRefusal({ byField: {}, alert: null });
        }}
      />
    </FormDialog>
  );
}
