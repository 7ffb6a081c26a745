import { type FormEvent, useEffect, useState } from 'react';
import type { CreatedFeed, Feed } from '../../../../shared/contract';
import { errorMessage } from '../../../../shared/errors';
import { FEED_KINDS, FEED_KIND_LABELS, type FeedKind } from '../../../../shared/feeds';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { InputField } from '../../components/InputField';
import { WarningIcon } from '../../components/icons';
import { useAppInfoStore } from '../../stores/app-info';
import { useFeedsStore } from '../../stores/feeds';
import { useTeamConnectionStore } from '../../stores/team-connection';
import { ConfirmRemoveDialog } from './ConfirmRemoveDialog';
import { SettingsSection } from './SettingsSection';
import {
  type FeedDraft,
  feedDraftProblems,
  feedInput,
  feedState,
  feedUrl,
  feedWhat,
  feedsServedHere,
} from './feeds-model';

/** "25 Jan 2027, 09:30" in this machine's zone. */
function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const EMPTY: FeedDraft = { kind: 'calendar', key: '', label: '' };

/**
 * Settings → Subscriptions: feed URLs with a secret each, for calendar apps and feed readers,
 * created and revoked here. Only a team server serves them; elsewhere the section says so and
 * points at the publish folder.
 */
export function SubscriptionsSection() {
  const info = useAppInfoStore((s) => s.info);
  const served = feedsServedHere(info);
  return (
    <SettingsSection
      id="settings-subscriptions"
      title="Subscriptions"
      description="Addresses calendar apps and feed readers subscribe to: every train, one deployment's releases, or the release notes. Each carries a secret of its own, and can be revoked."
    >
      {served ? (
        <Subscriptions />
      ) : (
        <div className="settings-card-body">
          <p className="subscriptions-muted" data-testid="subscriptions-unavailable">
            Subscribable feeds are served by a team server (<code>release-calendar serve</code>), where calendar apps
            can reach them. Here, the Publish folder section is the local alternative: it rewrites the plan&apos;s
            calendar and release notes in a folder a synced drive shares.
          </p>
        </div>
      )}
    </SettingsSection>
  );
}

function Subscriptions() {
  const feeds = useFeedsStore((s) => s.feeds);
  const loadError = useFeedsStore((s) => s.loadError);
  const [created, setCreated] = useState<CreatedFeed | null>(null);
  const [revoking, setRevoking] = useState<Feed | null>(null);

  useEffect(() => {
    void useFeedsStore.getState().load();
  }, []);

  return (
    <div className="settings-card-body subscriptions-body">
      {loadError && <FormAlert message={loadError} />}
      {created ? (
        <NewFeedAddress created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateFeedForm onCreated={setCreated} />
      )}
      {feeds && feeds.length === 0 && <p className="subscriptions-muted">No feeds yet.</p>}
      {feeds && feeds.length > 0 && (
        <table className="subscriptions-table" aria-label="Feeds">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Holds</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {feeds.map((feed) => (
              <tr key={feed.id} className={feed.revokedAt ? 'subscription-revoked' : undefined}>
                <td>
                  {feed.label}
                  <div className="subscription-path">
                    <code>{feed.path}</code>
                  </div>
                </td>
                <td>{feedWhat(feed)}</td>
                <td>
                  {feed.createdBy}, {when(feed.createdAt)}
                </td>
                <td>{feedState(feed, when)}</td>
                <td>
                  {feed.revocable && (
                    <button type="button" className="button button-ghost" onClick={() => setRevoking(feed)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && (
        <ConfirmRemoveDialog
          title="Revoke feed?"
          subject={`${revoking.label} (${feedWhat(revoking)})`}
          consequence="stops answering at once: every calendar app subscribed to its address loses it. This cannot be undone; create a new feed to subscribe again."
          confirmLabel="Revoke feed"
          busyLabel="Revoking…"
          onConfirm={() => useFeedsStore.getState().revoke(revoking.id)}
          onClose={() => setRevoking(null)}
        />
      )}
    </div>
  );
}

function CreateFeedForm({ onCreated }: { onCreated: (created: CreatedFeed) => void }) {
  const deploymentKeys = useFeedsStore((s) => s.deploymentKeys);
  const [draft, setDraft] = useState<FeedDraft>(EMPTY);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const problems = tried ? feedDraftProblems(draft) : {};
  const edit = (change: Partial<FeedDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setRefusal(null);
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTried(true);
    if (Object.keys(feedDraftProblems(draft)).length > 0) return;
    setBusy(true);
    try {
      onCreated(await useFeedsStore.getState().create(feedInput(draft)));
      setDraft(EMPTY);
      setTried(false);
    } catch (err) {
      setRefusal(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate className="subscriptions-form" aria-label="New feed" onSubmit={(e) => void submit(e)}>
      {refusal && <FormAlert message={refusal} />}
      <Field name="feed-kind" label="Holds">
        {(control) => (
          <select
            {...control}
            className="input select"
            value={draft.kind}
            onChange={(e) => edit({ kind: e.target.value as FeedKind })}
          >
            {FEED_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {FEED_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {draft.kind === 'deployment' && (
        <Field name="feed-deployment" label="Deployment" error={problems.key}>
          {(control) => (
            <select
              {...control}
              className="input select"
              value={draft.key}
              onChange={(e) => edit({ key: e.target.value })}
            >
              <option value="">Choose a deployment…</option>
              {deploymentKeys.map((key) => (
                <option key={key} value={key}>
                  {key}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <InputField
        name="feed-label"
        label="Label"
        hint="What it is for, e.g. “Team calendar” or “Ops wiki”: the list shows it, never the address."
        error={problems.label}
        maxLength={120}
        value={draft.label}
        onChange={(label) => edit({ label })}
      />
      <div className="subscriptions-form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create feed'}
        </button>
      </div>
    </form>
  );
}

/** The new feed's full address, shown this once, with Copy. */
function NewFeedAddress({ created, onDone }: { created: CreatedFeed; onDone: () => void }) {
  // In the desktop app joined to a team, the feed is the server's, not the page's origin.
  const joined = useTeamConnectionStore((s) => s.status);
  const url = feedUrl(
    joined && joined.state !== 'local' ? new URL(joined.url).origin : window.location.origin,
    created.path,
  );
  const [copied, setCopied] = useState<boolean | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="subscription-created" role="status" data-testid="feed-created">
      <p className="subscription-created-title">
        Created “{created.feed.label}”: subscribe to this address in a calendar app or feed reader.
      </p>
      <div className="subscription-url">
        <input
          className="input input-mono"
          readOnly
          aria-label="Feed address"
          value={url}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {copied === false && (
        <p className="field-error">The browser did not allow copying; select the address and copy it.</p>
      )}
      <p className="subscription-warning">
        <WarningIcon />
        This address will not be shown again: only its secret’s fingerprint is kept. Anyone who has it can read the feed
        until it is revoked.
      </p>
      <div className="subscriptions-form-actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
