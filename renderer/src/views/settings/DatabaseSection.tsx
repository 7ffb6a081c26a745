import { FormAlert } from '../../components/FormAlert';
import { useDatabaseCheckStore } from '../../stores/database-check';
import { SettingsSection } from './SettingsSection';

/** Checks the database file for damage on demand, as `release-calendar doctor` does. */
export function DatabaseSection() {
  const { check, checking, error, run } = useDatabaseCheckStore();
  return (
    <SettingsSection
      id="settings-database"
      title="Database"
      description="Check the database file for damage, for example after a crash or a disk that filled up. It reads every page and changes nothing."
    >
      {(error ?? check) && (
        <div className="settings-card-body">
          {error && <FormAlert message={error} />}
          {check && (
            <div
              role="status"
              className={check.ok ? 'callout callout-success' : 'callout'}
              data-testid="database-check"
            >
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
        </div>
      )}
      <footer className="settings-card-footer">
        <div className="settings-card-footer-start" />
        <div className="settings-card-footer-end">
          <button type="button" className="button" onClick={() => void run()} disabled={checking}>
            {checking ? 'Checking…' : 'Check database'}
          </button>
        </div>
      </footer>
    </SettingsSection>
  );
}
