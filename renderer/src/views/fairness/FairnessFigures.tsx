import type { FleetFairness } from '../../../../shared/fairness';

const TARGET_SPREAD = 1;

function Figure({ label, value, note, warn = false }: { label: string; value: string; note: string; warn?: boolean }) {
  return (
    <div className={`fairness-figure${warn ? ' is-warning' : ''}`}>
      <dt>{label}</dt>
      <dd>
        <span className="fairness-figure-value">{value}</span>
        <span className="fairness-figure-note">{note}</span>
      </dd>
    </div>
  );
}

/** The deployment whose mean place across all waves is furthest from the middle: the later waves' fairness. */
function MeanPositionFigure({ metrics }: { metrics: FleetFairness }) {
  const placed = metrics.perDeployment.filter((d) => d.meanPosition !== null);
  if (placed.length === 0) return null;
  const furthest = placed.reduce((a, b) => (Math.abs(b.meanPosition! - 0.5) > Math.abs(a.meanPosition! - 0.5) ? b : a));
  return (
    <Figure
      label="Mean position, furthest from even"
      value={furthest.meanPosition!.toFixed(2)}
      note={`${furthest.key}. Each deployment's average place across all waves, 0 first and 1 last; over time it nears 0.5 unless a rule or a regression holds it.`}
    />
  );
}

/** The fleet-wide figures of docs/fairness.md, each with what it means in one line. */
export function FairnessFigures({ metrics, label }: { metrics: FleetFairness; label: string }) {
  return (
    <dl className="fairness-figures" aria-label={label}>
      <Figure
        label="First-wave spread"
        value={String(metrics.firstWaveSpread)}
        note={`Most minus fewest first-wave appearances; the target is ${TARGET_SPREAD} or less.`}
        warn={metrics.firstWaveSpread > TARGET_SPREAD}
      />
      <Figure
        label="Gini"
        value={metrics.gini.toFixed(2)}
        note="How unevenly first-wave slots are shared: 0 is perfectly even, 1 is one deployment always first."
      />
      <Figure
        label="Longest first-wave streak"
        value={String(metrics.longestFirstStreak)}
        note="Most trains in a row that one deployment went first."
      />
      <Figure
        label="Longest gap"
        value={String(metrics.longestGap)}
        note="Most trains in a row that one deployment waited for an early slot."
      />
      <MeanPositionFigure metrics={metrics} />
      <Figure
        label="Trains counted"
        value={String(metrics.trains)}
        note="Deployments are counted only over the trains they were planned in."
      />
    </dl>
  );
}
