import { useState } from 'react';
import type { TrainTracking } from '../../../../shared/contract';
import { DEFAULT_PATCH_BAKE_HOURS, MAX_PATCH_BAKE_HOURS } from '../../../../shared/patches';
import { HALT_SEVERITIES, type HaltSeverity } from '../../../../shared/rollout-steps';
import { Field } from '../../components/Field';
import { ExactTextField, InputField } from '../../components/InputField';
import { FormDialog } from '../../components/FormDialog';
import { ReasonField } from '../../components/ReasonField';
import { useRolloutsStore } from '../../stores/rollouts';
import { unplacedMessage } from '../calendar/action-errors';
import { useAction } from '../calendar/use-action';
import { GATE_STATE_LABEL, SEVERITY_LABEL, STEP_STATE_LABEL } from './rollout-format';

interface DialogProps {
  tracking: TrainTracking;
  onClose: () => void;
}

/** Records a regression: the train halts, and the deployments it reached count against their exposure. */
export function HaltDialog({ tracking, onClose }: DialogProps) {
  const halt = useRolloutsStore((s) => s.halt);
  const steps = tracking.waves.flatMap((w) => w.steps);
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [severity, setSeverity] = useState<HaltSeverity>('high');
  // By default the regression reached every deployment that has the release or is taking it.
  const [reached, setReached] = useState<ReadonlySet<string>>(
    () => new Set(steps.filter((s) => s.state === 'released' || s.state === 'in_progress').map((s) => s.key)),
  );
  const { problem, busy, refuse, run } = useAction();
  const title = `Record a regression in ${tracking.version}`;

  function toggle(key: string, on: boolean) {
    setReached((r) => {
      const next = new Set(r);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  }

  function submit() {
    const fields: Record<string, string> = {};
    if (!reason.trim()) fields.reason = 'Say what the regression is.';
    if (!reference.trim()) fields.reference = 'Give the incident or ticket id, or a link.';
    if (reached.size === 0) fields.deployments = 'Tick at least one deployment the regression reached.';
    if (Object.keys(fields).length > 0) return refuse(fields);
    void run(async () => {
      await halt({
        trainId: tracking.trainId,
        reason: reason.trim(),
        reference: reference.trim(),
        severity,
        deployments: steps.filter((s) => reached.has(s.key)).map((s) => s.key),
      });
      onClose();
    });
  }

  return (
    <FormDialog
      title={title}
      description="The train halts: no customer wave may start until it is resumed with the fix. The deployments the regression reached count against their exposure in the next plans."
      message={unplacedMessage(problem, ['reason', 'reference', 'deployments'])}
      submitLabel="Halt the train"
      busyLabel="Halting…"
      busy={busy}
      danger
      onSubmit={submit}
      onClose={onClose}
    >
      <ReasonField
        name="halt-reason"
        label="What is wrong"
        error={problem?.fields.reason}
        value={reason}
        rows={2}
        maxLength={500}
        onChange={setReason}
      />
      <div className="field-row">
        <ExactTextField
          name="halt-reference"
          label="Regression reference"
          hint="An incident or ticket id, or a link."
          error={problem?.fields.reference}
          value={reference}
          maxLength={200}
          onChange={setReference}
        />
        <Field name="halt-severity" label="Severity" error={problem?.fields.severity}>
          {(control) => (
            <select
              {...control}
              className="input select"
              value={severity}
              onChange={(e) => setSeverity(e.target.value as HaltSeverity)}
            >
              {HALT_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {SEVERITY_LABEL[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset
        className={`field halt-reached${problem?.fields.deployments ? ' field-invalid' : ''}`}
        aria-describedby="halt-reached-hint"
      >
        <legend className="field-label">Deployments it reached ({reached.size})</legend>
        <p id="halt-reached-hint" className="field-hint">
          Those that have the release or are taking it are ticked.
        </p>
        {problem?.fields.deployments && <p className="field-error">{problem.fields.deployments}</p>}
        <ul className="halt-reached-list">
          {steps.map((s) => (
            <li key={s.key}>
              <label>
                <input type="checkbox" checked={reached.has(s.key)} onChange={(e) => toggle(s.key, e.target.checked)} />
                <span className="mono">{s.key}</span>
                <span className="halt-reached-state">
                  wave {s.wave} · {STEP_STATE_LABEL[s.state].toLowerCase()}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </FormDialog>
  );
}

/** Resumes a halted train with the version that carries the fix; by policy the internal bake must pass again first. */
export function ResumeDialog({ tracking, onClose }: DialogProps) {
  const resume = useRolloutsStore((s) => s.resume);
  const [fixVersion, setFixVersion] = useState('');
  const [bakeHours, setBakeHours] = useState(String(DEFAULT_PATCH_BAKE_HOURS));
  const { problem, busy, refuse, run } = useAction();
  const title = `Resume ${tracking.version} with the fix`;
  const bake = tracking.gates.find((g) => g.kind === 'internal_bake');
  const internal = tracking.waves[0]?.steps[0]?.key ?? 'the internal deployment';

  function submit() {
    if (!fixVersion.trim()) return refuse({ fixVersion: 'Give the version that carries the fix.' });
    if (!/^\d+$/.test(bakeHours.trim()) || Number(bakeHours) > MAX_PATCH_BAKE_HOURS)
      return refuse({ patchBakeHours: `Give whole hours from 0 to ${MAX_PATCH_BAKE_HOURS}.` });
    void run(async () => {
      await resume({ trainId: tracking.trainId, fixVersion: fixVersion.trim(), patchBakeHours: Number(bakeHours) });
      onClose();
    });
  }

  return (
    <FormDialog
      title={title}
      description={
        <>
          The rollout continues from wave {tracking.halt?.haltedWave ?? '–'}, where it stopped, and a patch takes the
          fix to every deployment already released with the broken version: the internal deployment first, then the
          customers in the order they received it.
          {bake &&
            ` By policy the gate "${bake.name}" passes again after a halt: release the fix to ${internal}, let it bake, pass the gate, then resume. It is ${GATE_STATE_LABEL[bake.state].toLowerCase()} now.`}
        </>
      }
      message={unplacedMessage(problem, ['fixVersion', 'patchBakeHours'])}
      submitLabel="Resume rollout"
      busyLabel="Resuming…"
      busy={busy}
      onSubmit={submit}
      onClose={onClose}
    >
      <ExactTextField
        name="resume-fix-version"
        label="Fix version"
        hint="The version with the fix that was integrated, e.g. 2027.03.1."
        error={problem?.fields.fixVersion}
        value={fixVersion}
        maxLength={40}
        mono
        focus="dialog"
        onChange={setFixVersion}
      />
      <InputField
        name="resume-patch-bake-hours"
        label="Patch bake (hours)"
        hint="How long the patch bakes on the internal deployment before customers take it."
        error={problem?.fields.patchBakeHours}
        value={bakeHours}
        type="number"
        min={0}
        max={MAX_PATCH_BAKE_HOURS}
        inputMode="numeric"
        onChange={setBakeHours}
      />
    </FormDialog>
  );
}
