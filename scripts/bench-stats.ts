// The statistics every benchmark prints: figures are medians (the upper one of an even count).

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** The value at `p` percent of the sorted figures (the p95 of frame times, say). */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
