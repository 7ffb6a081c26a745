import { useState } from 'react';
import type { GateView, TrainTracking } from '../../../../shared/contract';
import { type GateAction, gateTransition } from '../../../../shared/gates';
import { Badge } from '../../components/Badge';
import { FormAlert } from '../../components/FormAlert';
import { useRolloutsStore } from '../../stores/rollouts';
import { problemOf } from '../calendar/action-errors';
import { EvidenceLink } from './EvidenceLink';
import { ReasonDialog } from './ReasonDialog';
import { GATE_STATE_LABEL, GATE_STATE_TONE, formatInstant } from './rollout-format';
import { useMayCall } from '../../stores/session';

type DialogAction = Exclude<GateAction, 'reset'>;

const DIALOG: Record<DialogAction, { verb: string; busy: string; danger: boolean }> = {
  pass: { verb: 'Pass', busy: 'Passing…', danger: false },
  fail: { verb: 'Fail', busy: 'Failing…', danger: true },
  waive: { verb: 'Waive', busy: 'Waiving…', danger: false },
};

function describe(action: DialogAction, gate: GateView, version: string): string {
  switch (action) {
    case 'pass':
      return gate.kind === 'internal_bake'
        ? `The internal deployment must be released and have baked for ${gate.bakeHours} hours; the app checks it.`
        : `Signs off "${gate.name}" for ${version}. Link the run that shows it, if there is one.`;
    case 'fail':
      return `Customer waves of ${version} cannot start while a required gate has failed. Say what failed.`;
    case 'waive':
      return `Customer waves may start without "${gate.name}" passing. Say why it may be skipped.`;
  }
}

/** Who set the gate's state and when; a pending gate that was never touched says nothing. */
function whoWhen(gate: GateView): string | null {
  if (gate.state === 'pending') return null;
  return `${GATE_STATE_LABEL[gate.state]} by ${gate.updatedBy} · ${formatInstant(gate.updatedAt)}`;
}

interface GateRowProps {
  gate: GateView;
  /** Opens the dialog of an action that asks for a reason or evidence. */
  onAsk: (action: DialogAction) => void;
  onReset: () => void;
}

/** One gate: its name and state, who and when, evidence and reason, and the actions its state allows. */
function GateRow({ gate, onAsk, onReset }: GateRowProps) {
  const maySet = useMayCall('gates.set');
  const meta = whoWhen(gate);
  const allowed = (action: GateAction) => gateTransition(gate.state, action).ok;
  return (
    <li className={`gate gate-${gate.state}`} data-testid={`gate-${gate.key}`}>
      <div className="gate-main">
        <p className="gate-name">
          <span>{gate.name}</span>
          <Badge tone={GATE_STATE_TONE[gate.state]}>{GATE_STATE_LABEL[gate.state]}</Badge>
          {!gate.required && <Badge tone="muted">Optional</Badge>}
        </p>
        <p className="gate-meta">
          {gate.kind === 'internal_bake' && <span>Bakes {gate.bakeHours} hours</span>}
          {meta && <span>{meta}</span>}
          {gate.evidenceUrl && <EvidenceLink url={gate.evidenceUrl} />}
        </p>
        {gate.reason && <p className="gate-reason">{gate.reason}</p>}
      </div>
      <div className="gate-actions">
        {(['pass', 'fail', 'waive'] as const).filter(allowed).map((action) => (
          <button
            key={action}
            type="button"
            className={`button button-small${action === 'pass' ? '' : ' button-ghost'}`}
            aria-label={`${DIALOG[action].verb} ${gate.name}…`}
            disabled={!maySet.allowed}
            title={maySet.reason ?? undefined}
            onClick={() => onAsk(action)}
          >
            {DIALOG[action].verb}…
          </button>
        ))}
        {allowed('reset') && (
          <button
            type="button"
            className="button button-small button-ghost"
            aria-label={`Reset ${gate.name}`}
            disabled={!maySet.allowed}
            title={maySet.reason ?? undefined}
            onClick={onReset}
          >
            Reset
          </button>
        )}
      </div>
    </li>
  );
}

/** A train's validation gates: their state, who and when, evidence; pass, fail, waive (with a reason) or reset. */
export function GatesSection({ tracking }: { tracking: TrainTracking }) {
  const setGate = useRolloutsStore((s) => s.setGate);
  const [asking, setAsking] = useState<{ gate: GateView; action: DialogAction } | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const { trainId, version } = tracking;

  async function reset(gate: GateView) {
    setRefusal(null);
    try {
      await setGate({ trainId, key: gate.key, action: 'reset', expectedRevision: gate.revision });
    } catch (err) {
      setRefusal(problemOf(err).message);
    }
  }

  if (tracking.gates.length === 0)
    return <p className="rollout-empty">No validation gates: the train has no rollout plan yet.</p>;

  return (
    <>
      {refusal && <FormAlert message={refusal} />}
      <ul className="gates" aria-label={`Validation gates of ${version}`}>
        {tracking.gates.map((gate) => (
          <GateRow
            key={gate.key}
            gate={gate}
            onAsk={(action) => {
              setRefusal(null);
              setAsking({ gate, action });
            }}
            onReset={() => void reset(gate)}
          />
        ))}
      </ul>
      {asking && (
        <ReasonDialog
          title={`${DIALOG[asking.action].verb} the gate "${asking.gate.name}"`}
          description={describe(asking.action, asking.gate, version)}
          reason={asking.action === 'pass' ? 'none' : 'required'}
          evidence
          submitLabel={`${DIALOG[asking.action].verb} gate`}
          busyLabel={DIALOG[asking.action].busy}
          danger={DIALOG[asking.action].danger}
          onSubmit={({ reason, evidenceUrl }) =>
            setGate({
              trainId,
              key: asking.gate.key,
              action: asking.action,
              // The gate as the dialog opened on it: a change by someone else since is refused.
              expectedRevision: asking.gate.revision,
              ...(reason ? { reason } : {}),
              ...(evidenceUrl ? { evidenceUrl } : {}),
            })
          }
          onClose={() => setAsking(null)}
        />
      )}
    </>
  );
}
