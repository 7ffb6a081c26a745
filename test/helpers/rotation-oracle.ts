// An independent recount of how the first customer wave went round, from a simulation's waves
// alone (the JSON `simulate --json` prints): after every train, the all-time spread of first-wave
// counts among the deployments eligible for it, repeats (early in two trains in a row), and the
// longest wait between two early turns (or from the first train to the first turn).

export interface RotationRecount {
  /** The largest spread (max − min of all-time first-wave counts) after any train. */
  maxSpread: number;
  /** The train (1-based) where that spread was first reached. */
  spreadAt: number;
  /** Deployments early in two trains in a row, as "key@train". */
  repeats: string[];
  /** The longest run of trains without a first-wave turn, for any deployment. */
  longestWait: number;
  /** The first-wave size, the largest over the trains. */
  m: number;
}

export function recountRotation(
  trains: readonly { waves: readonly (readonly string[])[] }[],
  eligible: readonly string[],
): RotationRecount {
  const count = new Map(eligible.map((k) => [k, 0]));
  const last = new Map<string, number>(eligible.map((k) => [k, 0]));
  let maxSpread = 0;
  let spreadAt = 0;
  let longestWait = 0;
  let m = 0;
  const repeats: string[] = [];
  let previous = new Set<string>();
  trains.forEach((t, i) => {
    const n = i + 1;
    const first = new Set(t.waves[0] ?? []);
    m = Math.max(m, first.size);
    for (const key of first) {
      if (!count.has(key)) continue;
      count.set(key, count.get(key)! + 1);
      longestWait = Math.max(longestWait, n - last.get(key)! - 1);
      last.set(key, n);
      if (previous.has(key)) repeats.push(`${key}@${n}`);
    }
    previous = first;
    const counts = [...count.values()];
    const spread = Math.max(...counts) - Math.min(...counts);
    if (spread > maxSpread) [maxSpread, spreadAt] = [spread, n];
  });
  // Those still waiting at the end have waited since their last turn.
  for (const key of eligible) longestWait = Math.max(longestWait, trains.length - last.get(key)!);
  return { maxSpread, spreadAt, repeats, longestWait, m };
}
