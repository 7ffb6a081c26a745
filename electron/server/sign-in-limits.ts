// Sign-in attempts (docs/team-mode.md): after 5 failures for one name, or from one address, within
// 15 minutes, further attempts wait, doubling from 1 second up to 15 minutes; a success clears the
// count. Kept in memory: a restart forgets it, which costs a guesser a restart of the server.

export const FAILURES_BEFORE_WAIT = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LONGEST_WAIT_MS = 15 * 60 * 1000;
/** Keys remembered at most; past it the oldest are forgotten (a flood of made-up names cannot fill memory). */
const MAX_KEYS = 50_000;

export class SignInLimits {
  /** Each key's failures within the window, oldest first. */
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  private recent(key: string, at: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => at - t < FAILURE_WINDOW_MS);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** How long (ms) the next attempt under any of these keys must still wait; 0 when it may go ahead. */
  waitFor(keys: readonly string[]): number {
    const at = this.now();
    let wait = 0;
    for (const key of keys) {
      const list = this.recent(key, at);
      if (list.length < FAILURES_BEFORE_WAIT) continue;
      const delay = Math.min(LONGEST_WAIT_MS, 1000 * 2 ** (list.length - FAILURES_BEFORE_WAIT));
      wait = Math.max(wait, list.at(-1)! + delay - at);
    }
    return Math.max(0, wait);
  }

  failed(keys: readonly string[]): void {
    const at = this.now();
    for (const key of keys) {
      const list = this.recent(key, at);
      list.push(at);
      this.failures.delete(key);
      this.failures.set(key, list.slice(-64));
    }
    while (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
  }

  succeeded(keys: readonly string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}
