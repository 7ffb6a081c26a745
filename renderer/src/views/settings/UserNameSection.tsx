import { type FormEvent, useEffect, useState } from 'react';
import type { UserSetting } from '../../../../shared/contract';
import { call } from '../../api/client';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useAppInfoStore } from '../../stores/app-info';
import { toast } from '../../stores/toasts';
import { problemOf } from '../calendar/action-errors';
import { SaveBar, SettingsSection } from './SettingsSection';

/** The name the audit trail records for changes made in this app; empty means the OS user name. */
export function UserNameSection() {
  const [saved, setSaved] = useState<UserSetting | null>(null);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<{ message: string; field?: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    call('user.get', {}).then(
      (user) => {
        if (!live) return;
        setSaved(user);
        setName(user.userName ?? '');
      },
      (err: unknown) => {
        if (live) setProblem({ message: problemOf(err).message });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setProblem(null);
    try {
      const user = await call('user.update', { userName: name.trim() || null });
      setSaved(user);
      setName(user.userName ?? '');
      toast(
        user.userName
          ? `Changes are now recorded as ${user.userName}`
          : `Changes are now recorded as ${user.osUserName}`,
      );
      // The footer names who acts.
      void useAppInfoStore.getState().load();
    } catch (err) {
      const p = problemOf(err);
      setProblem({ message: p.message, ...(p.fields.userName ? { field: p.fields.userName } : {}) });
    } finally {
      setSaving(false);
    }
  }

  const dirty = saved !== null && name.trim() !== (saved.userName ?? '');
  return (
    <SettingsSection
      id="settings-user"
      title="Your name"
      description="Who the audit trail records for the changes you make here: gates, steps, halts, moves and edits."
    >
      <form noValidate onSubmit={(e) => void submit(e)}>
        <div className="settings-card-body">
          {problem && !problem.field && <FormAlert message={problem.message} />}
          <Field
            name="user-name"
            label="Name in the audit trail"
            optional
            error={problem?.field}
            hint={
              saved
                ? saved.actor !== (saved.userName ?? saved.osUserName)
                  ? `Changes are recorded as ${saved.actor}, set where the app was started.`
                  : `Leave it empty to use your OS user name, ${saved.osUserName}.`
                : undefined
            }
          >
            {(control) => (
              <input
                {...control}
                type="text"
                className="input"
                maxLength={80}
                value={name}
                placeholder={saved?.osUserName}
                autoComplete="name"
                disabled={saved === null}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
        </div>
        <SaveBar dirty={dirty} saving={saving} label="Save name" onDiscard={() => setName(saved?.userName ?? '')} />
      </form>
    </SettingsSection>
  );
}
