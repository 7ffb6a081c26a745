import { useEffect, useState } from 'react';
import type { DatabaseBackup } from '../../../../shared/contract';
import { FormAlert } from '../../components/FormAlert';
import { useDatabaseCheckStore } from '../../stores/database-check';
import { formatInstant } from '../rollouts/rollout-format';
import { ConfirmRemoveDialog } from './ConfirmRemoveDialog';
import { SettingsSection } from './SettingsSection';
import { useMayCall } from '../../stores/session';

const REASONS: Record<DatabaseBackup['reason'], string> = {
  daily: 'Daily',
  import: 'Before an import',
  migration: 'Before an upgrade',
  'before-restore': 'Before a restore',
  manual: 'Saved by hand',
};

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Checks the database file for damage on demand, as `release-calendar doctor` does, and restores its backups. */
export function DatabaseSection() {
  const mayRestore = useMayCall('database.restore');
  const mayBackUp = useMayCall('database.backup');
  const { check, checking, error, run, backups, backingUp, loadBackups, backUp, restore } = useDatabaseCheckStore();
  const [restoring, setRestoring] = useState<DatabaseBackup | null>(null);
  useEffect(() => {
    void loadBackups();
  }, [loadBackups]);
  return (
    <SettingsSection
      id="settings-database"
      title="Database"
      description="Check the database file for damage, for example after a crash or a disk that filled up; the check reads every page and changes nothing. A backup is saved every day and before every import and upgrade; restore one to go back to it."
    >
      <div className="settings-card-body">
        {error && <FormAlert message={error} />}
        {check && (
          <div role="status" className={check.ok ? 'callout callout-success' : 'callout'} data-testid="database-check">
            <strong>{check.message}</strong>
            {check.problems.length > 0 && (
              <ul className="database-problems">
                {check.problems.slice(0, 10).map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {backups && backups.backups.length === 0 && (
          <p className="database-backups-empty">
            No backups yet: the first is saved tomorrow, or now with Back up now.
          </p>
        )}
        {backups && backups.backups.length > 0 && (
          <table className="database-backups" aria-label="Backups">
            <thead>
              <tr>
                <th scope="col">Saved</th>
                <th scope="col">Why</th>
                <th scope="col">Size</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {backups.backups.map((b) => (
                <tr key={b.name} data-testid="database-backup">
                  <td>{formatInstant(b.takenAt)}</td>
                  <td>{REASONS[b.reason]}</td>
                  <td>{size(b.bytes)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Restore the backup of ${formatInstant(b.takenAt)}`}
                      disabled={!mayRestore.allowed}
                      title={mayRestore.reason ?? undefined}
                      onClick={() => setRestoring(b)}
                    >
                      Restore
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <footer className="settings-card-footer">
        <div className="settings-card-footer-start" />
        <div className="settings-card-footer-end">
          <button
            type="button"
            className="button"
            onClick={() => void backUp()}
            disabled={backingUp || !mayBackUp.allowed}
            title={mayBackUp.reason ?? undefined}
          >
            {backingUp ? 'Saving…' : 'Back up now'}
          </button>
          <button type="button" className="button" onClick={() => void run()} disabled={checking}>
            {checking ? 'Checking…' : 'Check database'}
          </button>
        </div>
      </footer>
      {restoring && (
        <ConfirmRemoveDialog
          title="Restore this backup?"
          subject={`The backup of ${formatInstant(restoring.takenAt)}`}
          consequence="replaces all the data in the database. What is there now is saved as a backup first, so you can go back to it."
          confirmLabel="Restore"
          busyLabel="Restoring…"
          onConfirm={() => restore(restoring.name)}
          onClose={() => setRestoring(null)}
        />
      )}
    </SettingsSection>
  );
}
