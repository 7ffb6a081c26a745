import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FleetVersions } from '../../shared/contract';
import { cli } from '../helpers/cli';
import { useTempDirs } from '../helpers/temp-dir';

// Which build each deployment runs, through the CLI on the demo (its clock, 2 Mar 2026): 2026.02
// was halted by a regression and resumed with the fix 2026.02.1, which later releases delivered.

const tempDir = useTempDirs('rc-fleet-versions-');

describe('fleet versions', () => {
  it('names the build each deployment runs, and which still run the one the regression reached', async () => {
    const dir = tempDir();
    const run = (...argv: string[]) => cli([...argv, '--db', path.join(dir, 'rc.db')], { cwd: dir });
    expect((await run('init', '--demo')).code).toBe(0);
    const all = JSON.parse((await run('fleet', 'versions', '--json')).out) as FleetVersions['deployments'];
    expect(all).toHaveLength(40);
    // Every deployment has had a release; some got 2026.02 after its fix was integrated.
    expect(all.every((d) => d.version !== null)).toBe(true);
    expect(all.some((d) => d.version === '2026.02.1')).toBe(true);
    const broken = all.filter((d) => d.broken);
    expect(broken.length).toBeGreaterThan(0);
    for (const d of broken) {
      expect(d.version, d.key).toBe('2026.02');
      expect(d.broken, d.key).toMatchObject({ fix: '2026.02.1', reference: 'INC-2417' });
    }

    const table = await run('fleet', 'versions', '--broken');
    expect(table.code).toBe(0);
    const lines = table.out.split('\n');
    expect(lines[0]).toMatch(/^KEY +VERSION +TRAIN +RELEASED +NOTE$/);
    expect(lines).toHaveLength(broken.length + 1);
    for (const line of lines.slice(1)) expect(line).toMatch(/ 2026\.02 +2026\.02 .* needs 2026\.02\.1$/);
  });
});
