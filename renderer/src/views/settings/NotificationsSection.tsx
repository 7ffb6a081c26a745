import { type FormEvent, useEffect, useState } from 'react';
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_KIND_LABELS,
  type NotificationKind,
  type NotificationSettings,
} from '../../../../shared/notifications';
import { transportKind } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { useNotificationsStore } from '../../stores/notifications';
import { toast } from '../../stores/toasts';
import { problemOf } from '../calendar/action-errors';
import { SaveBar, SettingsSection } from './SettingsSection';

const KIND_HINTS: Record<NotificationKind, string> = {
  wave_due: 'On the morning of a wave’s planned day, with what it still waits for.',
  bake_ended: 'When the internal deployment has baked its hours, or a late wave’s bake is over.',
  train_halted: 'As soon as a regression halts a train, with the deployments it reached.',
  gate_failed: 'As soon as a validation gate fails, with the reason.',
};

type Draft = Pick<NotificationSettings, 'kinds'> & { here: boolean };

/**
 * Which notifications show, here: the desktop app's OS notifications (on unless turned
 * off), or this browser's (off until turned on, when the browser asks for permission).
 * Only today's events notify, each once.
 */
export function NotificationsSection() {
  const settings = useNotificationsStore((s) => s.settings);
  const loadError = useNotificationsStore((s) => s.loadError);
  const permission = useNotificationsStore((s) => s.permission);
  const browser = transportKind !== 'electron';
  const client = browser ? 'browser' : 'desktop';
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void useNotificationsStore.getState().load();
  }, []);
  const saved: Draft | null = settings ? { here: settings[client], kinds: settings.kinds } : null;
  const shown = draft ?? saved;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!shown) return;
    setProblem(null);
    setSaving(true);
    try {
      // The browser asks only now, from this click, and only when they are being turned on.
      if (browser && shown.here && permission !== 'granted') {
        const answer = await useNotificationsStore.getState().askPermission();
        if (answer !== 'granted') {
          setProblem(
            answer === 'unsupported'
              ? 'This browser cannot show notifications; the Today board and the CLI’s "today --json" list them instead.'
              : 'This browser blocks notifications from this page; allow them in its site settings, then save again.',
          );
          return;
        }
      }
      await useNotificationsStore.getState().update({ [client]: shown.here, kinds: shown.kinds });
      setDraft(null);
      toast(shown.here ? 'Notifications saved' : `Notifications are off in ${browser ? 'this browser' : 'the app'}`);
    } catch (err) {
      setProblem(problemOf(err).message);
    } finally {
      setSaving(false);
    }
  }

  const edit = (change: Partial<Draft>): void => {
    if (shown) setDraft({ ...shown, ...change });
  };
  const dirty =
    draft !== null &&
    saved !== null &&
    (draft.here !== saved.here || NOTIFICATION_KINDS.some((k) => draft.kinds[k] !== saved.kinds[k]));
  const needsPermission = browser && saved?.here === true && permission !== 'granted';

  return (
    <SettingsSection
      id="settings-notifications"
      title="Notifications"
      description={
        browser
          ? 'Notifications in this browser while the page is open: only what happens today, each once. Clicking one opens its train.'
          : 'System notifications from the desktop app: only what happens today, each once. Clicking one opens its train.'
      }
    >
      <form noValidate onSubmit={(e) => void submit(e)}>
        <div className="settings-card-body">
          {(problem ?? loadError) && <FormAlert message={(problem ?? loadError)!} />}
          {needsPermission && !problem && (
            <p className="settings-note" role="status">
              Notifications are on, but this page has not been allowed to show them yet (to the browser, each launch of
              browser mode is a new page): press Save notifications to allow them.
            </p>
          )}
          <label className="settings-check settings-check-main">
            <input
              type="checkbox"
              checked={shown?.here ?? false}
              disabled={!shown}
              onChange={(e) => edit({ here: e.target.checked })}
            />
            <span>{browser ? 'Show notifications in this browser' : 'Show notifications'}</span>
          </label>
          <fieldset className="settings-checks" disabled={!shown || !shown.here}>
            <legend>Notify me when</legend>
            {NOTIFICATION_KINDS.map((kind) => (
              <label key={kind} className="settings-check">
                <input
                  type="checkbox"
                  checked={shown?.kinds[kind] ?? false}
                  onChange={(e) => shown && edit({ kinds: { ...shown.kinds, [kind]: e.target.checked } })}
                />
                <span>
                  {NOTIFICATION_KIND_LABELS[kind]}
                  <span className="settings-check-hint">{KIND_HINTS[kind]}</span>
                </span>
              </label>
            ))}
          </fieldset>
        </div>
        <SaveBar
          dirty={dirty}
          saving={saving}
          label="Save notifications"
          method="notifications.settings.update"
          onDiscard={() => setDraft(null)}
        />
      </form>
    </SettingsSection>
  );
}
