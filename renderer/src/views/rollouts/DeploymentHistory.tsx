import { useEffect } from 'react';
import type { DeploymentHistory } from '../../../../shared/contract';
import type { TrackedStatus } from '../../../../shared/rollout-steps';
import { Badge } from '../../components/Badge';
import { FormAlert } from '../../components/FormAlert';
import { useDeploymentHistoryStore } from '../../stores/deployment-history';
import { plural, shortDay } from '../calendar/calendar-format';
import { AuditTrail } from './AuditTrail';
import {
  SEVERITY_LABEL,
  STEP_STATE_LABEL,
  STEP_STATE_TONE,
  TRACKED_STATUS_LABEL,
  formatInstant,
} from './rollout-format';
import './rollouts.css';

/** Trains whose life has not reached validation: the plan, not yet history. */
const AHEAD: readonly TrackedStatus[] = ['planned', 'developing'];

function HistoryTable({ history }: { history: DeploymentHistory }) {
  if (history.trains.length === 0) return <p className="rollout-empty">No train has planned {history.key} yet.</p>;
  const ahead = history.trains.filter((t) => AHEAD.includes(t.trainStatus));
  const trains = history.trains.filter((t) => !AHEAD.includes(t.trainStatus));
  const next = ahead.at(-1);
  return (
    <>
      {next && (
        <p className="rollout-empty" data-testid="history-ahead">
          {plural(ahead.length, 'planned train')} ahead; the next, <span className="mono">{next.version}</span>, in wave{' '}
          {next.wave} on {shortDay(next.date)}.
        </p>
      )}
      {trains.length === 0 ? (
        <p className="rollout-empty">No train has reached {history.key} yet.</p>
      ) : (
        <RolloutHistory history={history} trains={trains} />
      )}
    </>
  );
}

function RolloutHistory({ history, trains }: { history: DeploymentHistory; trains: DeploymentHistory['trains'] }) {
  return (
    <div className="table-frame">
      <table className="deployment-history" aria-label={`Rollout history of ${history.key}`}>
        <thead>
          <tr>
            <th scope="col">Train</th>
            <th scope="col">Wave</th>
            <th scope="col">Day</th>
            <th scope="col">Step</th>
            <th scope="col">Regressions</th>
          </tr>
        </thead>
        <tbody>
          {trains.map((t) => (
            <tr key={t.trainId} data-testid={`history-${t.version}`}>
              <th scope="row">
                <span className="mono">{t.version}</span>
                <span className="deployment-history-status">{TRACKED_STATUS_LABEL[t.trainStatus]}</span>
              </th>
              <td className="numeric">{t.wave}</td>
              <td>{shortDay(t.date)}</td>
              <td>
                <Badge tone={STEP_STATE_TONE[t.state]}>{STEP_STATE_LABEL[t.state]}</Badge>
                {t.finishedAt && <span className="deployment-history-when">{formatInstant(t.finishedAt)}</span>}
                {t.reason && <span className="deployment-history-when">{t.reason}</span>}
              </td>
              <td>
                {t.regressions.length === 0
                  ? '—'
                  : t.regressions.map((h) => (
                      <span
                        key={h.id}
                        className="deployment-history-regression"
                        title={`${h.reason} · ${SEVERITY_LABEL[h.severity]}`}
                      >
                        <Badge tone="danger">{h.reference}</Badge>
                      </span>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** In the deployment's drawer: its history across trains (wave, step, regressions) and its audit trail. */
export function DeploymentRolloutSections({ deploymentKey }: { deploymentKey: string }) {
  const loaded = useDeploymentHistoryStore((s) => (s.key === deploymentKey ? s.loaded : null));
  const loadError = useDeploymentHistoryStore((s) => (s.key === deploymentKey ? s.loadError : null));

  useEffect(() => {
    void useDeploymentHistoryStore.getState().load(deploymentKey);
  }, [deploymentKey]);

  return (
    <>
      <section className="form-section" aria-labelledby="form-section-history" data-testid="deployment-history">
        <h3 id="form-section-history" className="form-section-title">
          History
        </h3>
        {loadError && <FormAlert message={loadError} />}
        {loaded ? (
          <HistoryTable history={loaded.history} />
        ) : (
          !loadError && <p className="rollout-empty">Loading the history…</p>
        )}
      </section>
      <section className="form-section" aria-labelledby="form-section-audit" data-testid="deployment-audit">
        <h3 id="form-section-audit" className="form-section-title">
          Audit trail
        </h3>
        <AuditTrail
          entries={loaded ? loaded.audit : loadError ? [] : null}
          label={`Audit trail of ${deploymentKey}`}
          empty="No change has been recorded for this deployment."
        />
      </section>
    </>
  );
}
