// `npm test`: every check the project has, in order, stopping at the first failure.
// Lint, format and types first (cheap), then the build the CLI, host and e2e need,
// then unit + integration tests (vitest) and end-to-end tests (Playwright).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const steps = [
  ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
  ['typecheck', 'npx', ['tsc', '-b']],
  ['build', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']],
  [
    'unit + integration',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'],
  ],
  ['end-to-end', 'npx', ['playwright', 'test']],
];

fs.mkdirSync('test-results', { recursive: true });
for (const [name, cmd, args] of steps) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${r.status ?? r.signal}) after ${seconds} s`);
    process.exit(r.status || 1);
  }
  console.log(`✓ ${name} (${seconds} s)`);
}

// One closing line over both runners, counted from their JSON reports.
const vitest = JSON.parse(fs.readFileSync('test-results/vitest.json', 'utf8'));
const pw = JSON.parse(fs.readFileSync('test-results/playwright.json', 'utf8'));
const passed = vitest.numPassedTests + (pw.stats.expected ?? 0);
const failed = vitest.numFailedTests + (pw.stats.unexpected ?? 0) + (pw.stats.flaky ?? 0);
const skipped = vitest.numPendingTests + vitest.numTodoTests + (pw.stats.skipped ?? 0);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
