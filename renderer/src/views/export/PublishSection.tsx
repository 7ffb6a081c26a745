import { Fragment, type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { InputField } from '../../components/InputField';
import { FormAlert } from '../../components/FormAlert';
import { WarningIcon } from '../../components/icons';
import { usePublishStore } from '../../stores/publish';
import { SettingsSection } from '../settings/SettingsSection';
import './export.css';
import { errorMessage } from '../../../../shared/errors';
import { useMayCall } from '../../stores/session';

/** "Mon 25 Jan 2027, 09:30" in this machine's zone: when something happened, for a person. */
function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `a`, `a and b`, `a, b and c`: the files the backend publishes, each as code. */
function fileList(files: readonly string[]): ReactNode {
  return files.map((file, i) => (
    <Fragment key={file}>
      {i === 0 ? '' : i === files.length - 1 ? ' and ' : ', '}
      <code>{file}</code>
    </Fragment>
  ));
}

/**
 * The publish folder: the plan's ICS, CSV and JSON and the release-notes feed, rewritten
 * there after every change, for a drive that shares them. The files are the ones the
 * backend names (publish.get). Shows when it last worked and the last error.
 */
export function PublishSection() {
  const mayPublish = useMayCall('publish.update');
  const status = usePublishStore((s) => s.status);
  const loadError = usePublishStore((s) => s.loadError);
  const update = usePublishStore((s) => s.update);
  // What is typed in the field; null while it shows the saved folder.
  const [draft, setDraft] = useState<string | null>(null);
  const folder = draft ?? status?.folder ?? '';
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void usePublishStore.getState().load();
  }, []);

  async function apply(next: string | null) {
    setBusy(true);
    setProblem(null);
    try {
      await update(next);
      setDraft(null);
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (folder.trim() === '') {
      setProblem('Give the full path of a folder, or use "Stop publishing".');
      return;
    }
    void apply(folder.trim());
  }

  const saved = status?.folder ?? null;
  const dirty = folder.trim() !== (saved ?? '');
  return (
    <SettingsSection
      id="settings-publish"
      title="Publish folder"
      description={
        <>
          After every change to the plan, rewrite {status ? fileList(status.files) : "the plan's files"} in a folder, so
          a synced drive shares them with teams that never open the app.
        </>
      }
    >
      <form noValidate onSubmit={submit}>
        <div className="settings-card-body publish-body">
          {(problem ?? loadError) && <FormAlert message={(problem ?? loadError)!} />}
          <InputField
            name="publish-folder"
            label="Folder"
            hint="The full path of an existing folder on this computer, e.g. /home/me/Shared/releases."
            error={undefined}
            mono
            value={folder}
            placeholder="Not publishing"
            spellCheck={false}
            onChange={(value) => {
              setDraft(value);
              setProblem(null);
            }}
          />
          {status && saved && (
            <dl className="publish-status" aria-label="Publishing status">
              <div>
                <dt>Last published</dt>
                <dd>{status.lastPublishedAt ? when(status.lastPublishedAt) : 'Not yet'}</dd>
              </div>
              {status.lastError && (
                <div className="publish-error" role="alert">
                  <dt>
                    <WarningIcon />
                    Last error{status.lastErrorAt ? `, ${when(status.lastErrorAt)}` : ''}
                  </dt>
                  <dd>{status.lastError}</dd>
                </div>
              )}
            </dl>
          )}
        </div>
        <footer className="settings-card-footer">
          <div className="settings-card-footer-start">
            {saved && (
              <button
                type="button"
                className="button button-ghost"
                disabled={busy || !mayPublish.allowed}
                title={mayPublish.reason ?? undefined}
                onClick={() => void apply(null)}
              >
                Stop publishing
              </button>
            )}
          </div>
          <div className="settings-card-footer-end">
            {saved && !dirty && (
              <button
                type="button"
                className="button"
                disabled={busy || !mayPublish.allowed}
                title={mayPublish.reason ?? undefined}
                onClick={() => void apply(saved)}
              >
                Publish now
              </button>
            )}
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || !dirty || !mayPublish.allowed}
              title={mayPublish.reason ?? undefined}
            >
              {busy ? 'Publishing…' : 'Save and publish'}
            </button>
          </div>
        </footer>
      </form>
    </SettingsSection>
  );
}
