import { useState } from 'react';
import type { SimulationResult } from '../../../../shared/simulate';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useFairnessStore } from '../../stores/fairness';
import { FairnessFigures } from './FairnessFigures';
import { Heatmap, HeatmapLegend, type HeatmapRow, lastWave } from './Heatmap';

interface Draft {
  deployments: string;
  trains: string;
  seed: string;
  regressionRate: string;
  constraints: boolean;
  useFleet: boolean;
}

const DEFAULTS: Draft = {
  deployments: '40',
  trains: '52',
  seed: '7',
  regressionRate: '0',
  constraints: false,
  useFleet: false,
};

/** Rows drawn in the simulated heatmap: a 20,000-deployment run would otherwise draw millions of cells. */
const MAX_HEATMAP_ROWS = 100;

type NumberField = 'deployments' | 'trains' | 'seed' | 'regressionRate';

function check(draft: Draft): Partial<Record<NumberField, string>> {
  const errors: Partial<Record<NumberField, string>> = {};
  const whole = (field: NumberField, label: string, min: number) => {
    const n = Number(draft[field]);
    if (draft[field].trim() === '' || !Number.isInteger(n) || n < min)
      errors[field] = `${label} must be a whole number of at least ${min}.`;
  };
  if (!draft.useFleet) whole('deployments', 'Deployments', 2);
  whole('trains', 'Trains', 1);
  whole('seed', 'Seed', 0);
  const rate = Number(draft.regressionRate);
  if (draft.regressionRate.trim() === '' || !(rate >= 0 && rate <= 1))
    errors.regressionRate = 'The regression rate is a probability from 0 to 1.';
  return errors;
}

function simulatedRows(result: SimulationResult): HeatmapRow[] {
  const keys = result.fleet.map((d) => d.key).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const waveOf = result.trains.map((t) => {
    const m = new Map<string, number>();
    t.waves.forEach((wave, i) => wave.forEach((k) => m.set(k, i + 1)));
    return m;
  });
  // The internal deployment is wave 0 of every train: it has no customer wave to show.
  return keys
    .map((key) => ({ key, waves: waveOf.map((m) => m.get(key) ?? null) }))
    .filter((row) => row.waves.some((w) => w !== null));
}

function SimulationOutcome({ result }: { result: SimulationResult }) {
  const final = result.trains.at(-1)?.metrics;
  if (!final) return null;
  const worst = Math.max(...result.trains.map((t) => t.metrics.firstWaveSpread));
  const allRows = simulatedRows(result);
  const rows = allRows.slice(0, MAX_HEATMAP_ROWS);
  return (
    <div className="simulator-result" data-testid="simulation-result">
      <h3 className="fairness-subtitle">After train {result.trains.length}</h3>
      <p className="fairness-card-description">
        {result.fleet.length} deployments, {result.eligible.length} eligible for early waves. Worst first-wave spread
        over all trains: <strong data-testid="simulation-worst-spread">{worst}</strong>.
      </p>
      <FairnessFigures metrics={final} label="Simulated figures" />
      <div className="fairness-card-head">
        <h3 className="fairness-subtitle">Simulated plans</h3>
        <HeatmapLegend last={lastWave(rows)} />
      </div>
      {allRows.length > rows.length && (
        <p className="fairness-card-description">
          Showing the first {rows.length} of {allRows.length.toLocaleString('en-US')} deployments, by key.
        </p>
      )}
      <Heatmap
        label="Simulated waves per deployment and train"
        columns={result.trains.map((t) => String(t.train))}
        columnName={(c) => `train ${c}`}
        rows={rows}
        compact
        testId="simulation-heatmap"
        rowTestIdPrefix="simulation-row-"
      />
    </div>
  );
}

/** A running simulation: how far it has come, and the way to stop it. Shown once the backend has reported on it. */
function SimulationProgressBar() {
  const run = useFairnessStore((s) => s.run);
  const cancel = useFairnessStore((s) => s.cancelSimulation);
  const progress = run?.progress;
  if (!run || !progress) return null;
  const waiting = progress.state === 'waiting';
  const label = waiting
    ? 'Waiting for another simulation to finish…'
    : `Train ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')}`;
  return (
    <div className="simulator-progress" data-testid="simulation-progress">
      <progress
        className="simulator-progress-bar"
        aria-label="Simulation progress"
        max={progress.total}
        {...(waiting ? {} : { value: progress.done })}
      />
      <span className="simulator-progress-label" role="status">
        {run.cancelling ? 'Cancelling…' : label}
      </span>
      <button type="button" className="button" onClick={() => void cancel()} disabled={run.cancelling}>
        Cancel
      </button>
    </div>
  );
}

/** Runs the engine over synthetic (or the real) fleet for many trains, to see the policy hold its targets. */
export function SimulatorPanel() {
  const [draft, setDraft] = useState<Draft>(DEFAULTS);
  const [errors, setErrors] = useState<Partial<Record<NumberField, string>>>({});
  const simulate = useFairnessStore((s) => s.simulate);
  const running = useFairnessStore((s) => s.simulating);
  const error = useFairnessStore((s) => s.simulationError);
  const notice = useFairnessStore((s) => s.simulationNotice);
  const result = useFairnessStore((s) => s.simulation);

  function submit() {
    const found = check(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    void simulate({
      deployments: draft.useFleet ? 2 : Number(draft.deployments),
      trains: Number(draft.trains),
      seed: Number(draft.seed),
      regressionRate: Number(draft.regressionRate),
      constraints: draft.constraints,
      useFleet: draft.useFleet,
    });
  }

  const numberField = (field: NumberField, label: string, hint?: string, disabled = false) => (
    <Field name={`simulate-${field}`} label={label} error={errors[field]} hint={hint}>
      {(control) => (
        <input
          {...control}
          className="input input-number"
          inputMode={field === 'regressionRate' ? 'decimal' : 'numeric'}
          value={draft[field]}
          disabled={disabled}
          onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <section className="fairness-card" aria-labelledby="simulator-title">
      <div>
        <h2 id="simulator-title" className="fairness-card-title">
          Simulator
        </h2>
        <p className="fairness-card-description">
          Plans many trains in a row with the current policy, without saving anything, to see whether the turns stay
          fair.
        </p>
      </div>
      <form
        className="simulator-form"
        aria-label="Simulation"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="simulator-fields">
          {numberField(
            'deployments',
            'Deployments',
            draft.useFleet ? 'The real fleet is used.' : undefined,
            draft.useFleet,
          )}
          {numberField('trains', 'Trains')}
          {numberField('seed', 'Seed')}
          {numberField('regressionRate', 'Regression rate', '0 to 1, per train.')}
        </div>
        <div className="simulator-options">
          <label className="simulator-check">
            <input
              type="checkbox"
              checked={draft.constraints}
              onChange={(e) => setDraft({ ...draft, constraints: e.target.checked })}
            />
            Add constraints
          </label>
          <label className="simulator-check">
            <input
              type="checkbox"
              checked={draft.useFleet}
              onChange={(e) => setDraft({ ...draft, useFleet: e.target.checked })}
            />
            Use the real fleet
          </label>
          <button type="submit" className="button button-primary" disabled={running}>
            {running ? 'Running…' : 'Run simulation'}
          </button>
        </div>
        <SimulationProgressBar />
        {error && <FormAlert message={error} />}
        {notice && (
          <p className="simulator-notice" role="status">
            {notice}
          </p>
        )}
      </form>
      {result && <SimulationOutcome result={result} />}
    </section>
  );
}
