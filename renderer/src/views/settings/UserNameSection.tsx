import { useEffect } from 'react';
import type { UserSetting } from '../../../../shared/contract';
import { InputField } from '../../components/InputField';
import { useAppInfoStore } from '../../stores/app-info';
import { useSettingsStore } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import { SettingsForm, SettingsSection } from './SettingsSection';
import { useResetOnSaved } from './useResetOnSaved';
import { useSettingsForm } from './useSettingsForm';

const FIELDS = ['userName'] as const;

const valuesOf = (user: UserSetting | null) => ({ userName: user?.userName ?? '' });

/** The hint under the name: who is recorded when it stays empty, or that the start-up setting wins. */
function nameHint(user: UserSetting | null): string | undefined {
  if (!user) return undefined;
  return user.actor !== (user.userName ?? user.osUserName)
    ? `Changes are recorded as ${user.actor}, set where the app was started.`
    : `Leave it empty to use your OS user name, ${user.osUserName}.`;
}

/** The name the audit trail records for changes made in this app; empty means the OS user name. */
export function UserNameSection() {
  const { value: saved, error: loadError } = useSettingsStore((s) => s.user);
  const updateUser = useSettingsStore((s) => s.updateUser);
  // Any name is accepted here; the server's limits come back as a message under the field.
  const form = useSettingsForm({ initial: valuesOf(saved), fields: FIELDS, validate: () => ({}) });
  useResetOnSaved(saved, (user) => form.reset(valuesOf(user)));

  useEffect(() => {
    void useSettingsStore.getState().loadUser();
  }, []);

  function submit() {
    void form.submit(async ({ userName }) => {
      const user = await updateUser(userName.trim() || null);
      toast(`Changes are now recorded as ${user.userName || user.osUserName}`);
      // The footer names who acts.
      void useAppInfoStore.getState().load();
    });
  }

  return (
    <SettingsSection
      id="settings-user"
      title="Your name"
      description="Who the audit trail records for the changes you make here: gates, steps, halts, moves and edits."
    >
      <SettingsForm
        method="user.update"
        onSubmit={submit}
        formError={form.formError ?? loadError}
        dirty={saved !== null && form.values.userName.trim() !== (saved.userName ?? '')}
        saving={form.saving}
        label="Save name"
        onDiscard={() => form.reset(valuesOf(saved))}
      >
        <InputField
          name="user-name"
          label="Name in the audit trail"
          optional
          hint={nameHint(saved)}
          maxLength={80}
          placeholder={saved?.osUserName}
          autoComplete="name"
          disabled={saved === null}
          {...form.bind('userName')}
        />
      </SettingsForm>
    </SettingsSection>
  );
}
