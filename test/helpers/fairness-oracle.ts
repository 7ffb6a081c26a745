// The fairness metrics as shared/fairness.ts computed them before they were kept incrementally
// (a Map of every deployment's stats, the window's plans read again at every call): an
// independent oracle for `fairness` and for the per-train metrics of `simulate`. Kept as it was,
// on purpose: its float sums run in the order the metrics are defined by (positions oldest first).
import type { DeploymentFairness, FleetFairness } from '../../shared/fairness';
import type { PastPlan } from '../../shared/ordering';

function oracleGini(values: readonly number[]): number {
  const n = values.length;
  const sum = values.reduce((a, b) => a + b, 0);
  if (n === 0 || sum === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  let weighted = 0;
  sorted.forEach((v, i) => (weighted += (i + 1) * v));
  return (2 * weighted) / (n * sum) - (n + 1) / n;
}

export function fairnessOracle(plans: readonly PastPlan[], keys?: readonly string[]): FleetFairness {
  const all = keys ?? [...new Set(plans.flatMap((p) => p.waves.flat()))].sort();
  const stats = new Map(
    all.map((k) => [
      k,
      {
        trains: 0,
        firstWave: 0,
        positions: [] as number[],
        streak: 0,
        longestStreak: 0,
        gap: 0,
        longestGap: 0,
        regressions: 0,
      },
    ]),
  );
  for (const plan of plans) {
    const ordered = plan.waves.flat();
    const n = ordered.length;
    // Rank by wave: everyone in wave w shares the mean rank of that wave.
    let before = 0;
    const rankOf = new Map<string, number>();
    for (const wave of plan.waves) {
      const mid = before + (wave.length + 1) / 2;
      for (const key of wave) rankOf.set(key, mid);
      before += wave.length;
    }
    const first = new Set(plan.waves[0] ?? []);
    for (const [key, s] of stats) {
      const rank = rankOf.get(key);
      if (rank === undefined) continue;
      s.trains++;
      s.positions.push(n > 1 ? (rank - 1) / (n - 1) : 0.5);
      if (first.has(key)) {
        s.firstWave++;
        s.streak++;
        s.gap = 0;
      } else {
        s.streak = 0;
        s.gap++;
      }
      s.longestStreak = Math.max(s.longestStreak, s.streak);
      s.longestGap = Math.max(s.longestGap, s.gap);
    }
    for (const key of plan.regressions) {
      const s = stats.get(key);
      if (s) s.regressions++;
    }
  }
  const perDeployment: DeploymentFairness[] = [...stats].map(([key, s]) => ({
    key,
    trains: s.trains,
    firstWave: s.firstWave,
    meanPosition: s.positions.length ? s.positions.reduce((a, b) => a + b, 0) / s.positions.length : null,
    longestFirstStreak: s.longestStreak,
    longestGap: s.longestGap,
    regressions: s.regressions,
  }));
  const counts = perDeployment.map((d) => d.firstWave);
  return {
    trains: plans.length,
    firstWaveSpread: counts.length ? Math.max(...counts) - Math.min(...counts) : 0,
    gini: oracleGini(counts),
    longestFirstStreak: Math.max(0, ...perDeployment.map((d) => d.longestFirstStreak)),
    longestGap: Math.max(0, ...perDeployment.map((d) => d.longestGap)),
    perDeployment,
  };
}
