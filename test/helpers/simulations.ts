// Free of vitest, so the benchmark of reads during a simulation times this same request.
import { DEFAULT_POLICY } from '../../shared/ordering';

/** The largest valid simulation (docs/benchmarks.md): about half a second of work on this machine. */
export const LARGEST_SIMULATION = {
  deployments: 76,
  trains: 260,
  seed: 7,
  regressionRate: 0.2,
  constraints: true,
  policy: { ...DEFAULT_POLICY, historyWindow: 520 },
};
