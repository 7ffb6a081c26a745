/** A clock that starts at `start` and moves one minute forward at every reading, so each write has its own instant. */
export function steppingClock(start = '2026-03-02T09:00:00.000Z'): { now: () => Date; readings: () => number } {
  let count = 0;
  const base = Date.parse(start);
  return {
    now: () => new Date(base + count++ * 60_000),
    readings: () => count,
  };
}

/** A clock frozen at one instant. */
export function fixedClock(iso: string): () => Date {
  return () => new Date(iso);
}
