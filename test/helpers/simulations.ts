// Free of vitest, so the benchmark of reads during a simulation times this same request.
import { DEFAULT_POLICY } from '../../shared/ordering';

/** The largest valid simulation with constraints (docs/benchmarks.md): about a tenth of a second of work on this machine. */
export const LARGEST_SIMULATION = {
  deployments: 76,
  trains: 260,
  seed: 7,
  regressionRate: 0.2,
  constraints: true,
  policy: { ...DEFAULT_POLICY, historyWindow: 520 },
};

/** The longest valid simulation (80,000 deployments × trains at most): about a fifth of a second. */
export const LONGEST_SIMULATION = {
  deployments: 153,
  trains: 520,
  seed: 7,
  regressionRate: 0.2,
  constraints: false,
  policy: { ...DEFAULT_POLICY, historyWindow: 520 },
};
