import { useState } from 'react';
import { type ActionProblem, problemOf } from './action-errors';

/** An action a form runs: busy while it runs, and the refusal it ended with, ours or the backend's. */
export function useAction() {
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  const [busy, setBusy] = useState(false);

  /** Refuses without asking the backend: each field's message beside it, all of them in one sentence. */
  function refuse(fields: Record<string, string>) {
    setProblem({ message: Object.values(fields).join(' '), fields });
  }

  /** Runs `action`, which ends with what follows success; a rejection becomes the problem shown. */
  async function run(action: () => Promise<void>) {
    setBusy(true);
    setProblem(null);
    try {
      await action();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return { problem, busy, refuse, run, clear: () => setProblem(null) };
}
