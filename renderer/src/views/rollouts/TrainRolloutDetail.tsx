import { type ReactNode, useState } from 'react';
import type { HaltView, PatchView, TrainTracking } from '../../../../shared/contract';
import { formatRange } from '../../../../shared/days';
import { Badge } from '../../components/Badge';
import { FormAlert } from '../../components/FormAlert';
import { WarningIcon } from '../../components/icons';
import { PageLoading } from '../../components/PageState';
import { useRolloutsStore } from '../../stores/rollouts';
import { plural } from '../calendar/calendar-format';
import { AuditTrail } from './AuditTrail';
import { GatesSection } from './GatesSection';
import { HaltDialog, ResumeDialog } from './HaltDialogs';
import { ProgressBar } from './ProgressBar';
import {
  PATCH_STATUS_LABEL,
  PATCH_STATUS_TONE,
  SEVERITY_LABEL,
  TRACKED_STATUS_LABEL,
  TRACKED_STATUS_TONE,
  formatInstant,
} from './rollout-format';
import { keysPhrase } from './rollout-model';
import { UndoButton } from './UndoButton';
import { PatchWaves, WavesSection } from './WavesSection';
import { useMayCall } from '../../stores/session';

function Card({
  id,
  title,
  children,
  actions,
}: {
  id: string;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="rollout-card" aria-labelledby={`rollout-${id}-title`} data-testid={`rollout-${id}`}>
      <div className="rollout-card-head">
        <h3 id={`rollout-${id}-title`} className="rollout-card-title">
          {title}
        </h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** The open halt: what, which reference and how bad, where it reached, who halted it and when. */
function HaltBanner({ halt, onResume }: { halt: HaltView; onResume: () => void }) {
  const mayResume = useMayCall('trains.resume');
  return (
    <div className="halt-banner" role="region" aria-label="Halt" data-testid="halt-banner">
      <WarningIcon />
      <div className="halt-banner-text">
        <p className="halt-banner-title">
          Halted in wave {halt.haltedWave}: {halt.reason}
        </p>
        <p className="halt-banner-facts">
          <span>
            Reference <strong className="mono">{halt.reference}</strong>
          </span>
          <span>
            Severity <strong>{SEVERITY_LABEL[halt.severity]}</strong>
          </span>
          <span>
            Halted by <strong>{halt.haltedBy}</strong> · {formatInstant(halt.haltedAt)}
          </span>
        </p>
        <p className="halt-banner-reached">
          Reached {plural(halt.deployments.length, 'deployment')}: {keysPhrase(halt.deployments, 12)}
        </p>
      </div>
      <button
        type="button"
        className="button button-primary"
        disabled={!mayResume.allowed}
        title={mayResume.reason ?? undefined}
        onClick={onResume}
      >
        Resume with fix…
      </button>
    </div>
  );
}

/** Every regression that halted the train, newest first: the open one, then those resumed with their fix. */
function HaltHistory({ halts }: { halts: readonly HaltView[] }) {
  if (halts.length === 0) return <p className="rollout-empty">No regression has halted this train.</p>;
  return (
    <ul className="halt-history">
      {[...halts].reverse().map((h) => (
        <li key={h.id} className="halt-history-item">
          <p className="halt-history-title">
            <Badge tone="danger">{h.reference}</Badge> {h.reason}
          </p>
          <p className="halt-history-meta">
            {SEVERITY_LABEL[h.severity]} · halted in wave {h.haltedWave} by {h.haltedBy}, {formatInstant(h.haltedAt)}
          </p>
          <p className="halt-history-meta">
            {h.resumedAt === null ? (
              <strong className="halt-history-open">Open: the train is halted</strong>
            ) : (
              <>
                Resumed by {h.resumedBy}, {formatInstant(h.resumedAt)}, with the fix{' '}
                <span className="mono">{h.fixVersion}</span>
              </>
            )}
          </p>
          <p className="halt-history-meta">
            Reached {plural(h.deployments.length, 'deployment')}: {keysPhrase(h.deployments, 12)}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** A patch rollout: which fix, what it replaces and why, how far it has reached, and its waves. */
function PatchCard({ tracking, patch }: { tracking: TrainTracking; patch: PatchView }) {
  return (
    <Card
      id={`patch-${patch.id}`}
      title={`Patch ${patch.version}`}
      actions={<Badge tone={PATCH_STATUS_TONE[patch.status]}>{PATCH_STATUS_LABEL[patch.status]}</Badge>}
    >
      <div className="patch-summary">
        <p className="patch-facts">
          Replaces <span className="mono">{patch.broken}</span> on {plural(patch.progress.total, 'deployment')} released
          before the halt: {patch.reason} (<span className="mono">{patch.reference}</span>). The internal deployment
          takes it first and it bakes there {plural(patch.bakeHours, 'hour')} before customers.
        </p>
        <p className="patch-meta">
          Made by {patch.createdBy} when the train resumed, {formatInstant(patch.createdAt)}
        </p>
        <ProgressBar progress={patch.progress} label={`Patch ${patch.version} progress`} />
      </div>
      <PatchWaves tracking={tracking} patch={patch} />
    </Card>
  );
}

function Detail({ tracking }: { tracking: TrainTracking }) {
  const mayHalt = useMayCall('trains.halt');
  const audit = useRolloutsStore((s) => s.audit);
  const [dialog, setDialog] = useState<'halt' | 'resume' | null>(null);
  const started = tracking.waves.some((w) => w.steps.some((s) => s.state !== 'pending'));
  const canHalt = started && tracking.halt === null && !['completed', 'cancelled', 'skipped'].includes(tracking.status);
  return (
    <>
      <header className="rollout-detail-header">
        <div className="rollout-detail-title">
          <h2>
            Train {tracking.version}
            <Badge tone={TRACKED_STATUS_TONE[tracking.status]}>{TRACKED_STATUS_LABEL[tracking.status]}</Badge>
          </h2>
          <p className="rollout-detail-sentence" data-testid="rollout-status">
            {tracking.statusSentence}
          </p>
          <p className="rollout-detail-dates">{formatRange(tracking.start, tracking.end)}</p>
        </div>
        <ProgressBar progress={tracking.progress} label={`${tracking.version} progress`} testId="rollout-progress" />
        <div className="rollout-detail-actions">
          <UndoButton trainId={tracking.trainId} />
          {canHalt && (
            <button
              type="button"
              className="button button-danger-quiet"
              disabled={!mayHalt.allowed}
              title={mayHalt.reason ?? undefined}
              onClick={() => setDialog('halt')}
            >
              Record regression…
            </button>
          )}
        </div>
      </header>
      {tracking.halt && <HaltBanner halt={tracking.halt} onResume={() => setDialog('resume')} />}
      {/* Waves first: they are what a release manager works on day after day; the gates are done early. */}
      <div className="rollout-detail-grid">
        <div className="rollout-detail-main">
          <Card id="waves" title="Waves">
            <WavesSection tracking={tracking} />
          </Card>
          {[...tracking.patches].reverse().map((patch) => (
            <PatchCard key={patch.id} tracking={tracking} patch={patch} />
          ))}
        </div>
        <div className="rollout-detail-aside">
          <Card
            id="gates"
            title="Validation gates"
            actions={
              tracking.openGates.length > 0 ? (
                <span className="rollout-card-note">{plural(tracking.openGates.length, 'required gate')} open</span>
              ) : tracking.gates.length > 0 ? (
                <span className="rollout-card-note">Customer waves may start</span>
              ) : null
            }
          >
            <GatesSection tracking={tracking} />
          </Card>
          <Card id="halts" title="Regressions">
            <HaltHistory halts={tracking.halts} />
          </Card>
          <Card id="audit" title="Audit trail">
            <AuditTrail
              entries={audit}
              label={`Audit trail of ${tracking.version}`}
              empty="Nothing has been recorded for this train yet."
            />
          </Card>
        </div>
      </div>
      {dialog === 'halt' && <HaltDialog tracking={tracking} onClose={() => setDialog(null)} />}
      {dialog === 'resume' && <ResumeDialog tracking={tracking} onClose={() => setDialog(null)} />}
    </>
  );
}

/** One train's rollout, reached from the Rollouts list, the Today board or the calendar's train drawer. */
export function TrainRolloutDetail() {
  const detail = useRolloutsStore((s) => s.detail);
  const detailError = useRolloutsStore((s) => s.detailError);
  const close = useRolloutsStore((s) => s.close);
  return (
    <div className="rollout-detail" data-testid="rollout-detail">
      <div>
        <button type="button" className="button button-ghost rollout-back" onClick={close}>
          ← All rollouts
        </button>
      </div>
      {detailError && <FormAlert message={detailError} />}
      {detail ? <Detail tracking={detail} /> : !detailError && <PageLoading what="the rollout" />}
    </div>
  );
}
