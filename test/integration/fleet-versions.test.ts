import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FleetVersions, StatusReport } from '../../shared/contract';
import type { TrainView } from '../../shared/train';
import { cli } from '../helpers/cli';
import { useTempDirs } from '../helpers/temp-dir';

// Which build each deployment runs, through the CLI on the demo (its clock, 2 Mar 2026): the trains
// of its history that regressions halted were resumed with their fixes, whose patches reached those
// released before each halt; later releases of those trains delivered the fix too.

const tempDir = useTempDirs('rc-fleet-versions-');

describe('fleet versions', () => {
  it('names the build each deployment runs; a halt breaks it, the patch of its fix mends it', async () => {
    const dir = tempDir();
    const run = (...argv: string[]) => cli([...argv, '--db', path.join(dir, 'rc.db')], { cwd: dir });
    const ok = async (...argv: string[]) => {
      const r = await run(...argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr.join(' ')}`).toBe(0);
      return r.out;
    };
    await ok('init', '--demo');
    const versions = async () => JSON.parse(await ok('fleet', 'versions', '--json')) as FleetVersions['deployments'];
    let all = await versions();
    expect(all).toHaveLength(40);
    // Every deployment has had a release; each regression of the demo's history was fixed, and its
    // patch took the fix to every deployment released before the halt.
    expect(all.every((d) => d.version !== null)).toBe(true);
    const trains = JSON.parse(await ok('trains', 'list', '--json')) as TrainView[];
    const history = await Promise.all(
      trains
        .filter((t) => t.end < '2026-03-02')
        .map(async (t) => (JSON.parse(await ok('status', '--train', t.version, '--json')) as StatusReport).trains[0]!),
    );
    const patches = history.flatMap((t) => t.patches);
    expect(patches.length).toBeGreaterThanOrEqual(3);
    for (const p of patches) {
      expect(history.find((t) => t.trainId === p.trainId)!.halts.map((h) => h.fixVersion)).toContain(p.version);
      expect([p.version, p.status]).toEqual([p.version, 'completed']);
    }
    expect(all.filter((d) => d.broken)).toEqual([]);
    expect(await ok('fleet', 'versions', '--broken')).toBe('No deployment runs a version a regression was found in.');

    // The train rolling out halts: those it reached run a broken build with no fix yet.
    const rolling = (JSON.parse(await ok('status', '--json')) as StatusReport).trains.find(
      (t) => t.status === 'rolling_out',
    )!;
    await ok('halt', '--train', rolling.version, '--reason', 'Checkout fails', '--reference', 'INC-60');
    all = await versions();
    const broken = all.filter((d) => d.broken);
    expect(broken.length).toBeGreaterThan(1);
    for (const d of broken) expect(d, d.key).toMatchObject({ version: rolling.version, broken: { fix: null } });
    let lines = (await ok('fleet', 'versions', '--broken')).split('\n');
    expect(lines[0]).toMatch(/^KEY +VERSION +TRAIN +RELEASED +NOTE$/);
    expect(lines).toHaveLength(broken.length + 1);
    for (const line of lines.slice(1)) expect(line).toMatch(/regression: Checkout fails \(INC-60\); no fix yet$/);

    // Resumed with the fix: a patch for each of them, which the table names until it reaches them.
    await ok('gates', 'waive', '--train', rolling.version, '--gate', 'internal-bake', '--reason', 'Fix checked');
    const fix = `${rolling.version}.1`;
    const resumed = await ok('resume', '--train', rolling.version, '--fix', fix);
    expect(resumed).toContain(`The patch ${fix} goes to ${broken.length} deployments still on ${rolling.version}`);
    lines = (await ok('fleet', 'versions', '--broken')).split('\n');
    for (const line of lines.slice(1))
      expect(line).toMatch(new RegExp(`needs ${fix.replace(/\./g, '\\.')} \\(patch wave \\d+, .+: pending\\)$`));
    const patch = (JSON.parse(await ok('status', '--train', rolling.version, '--json')) as StatusReport).trains[0]!
      .patches[0]!;
    for (const w of patch.waves) {
      // Customers may start before the patch has baked on the internal deployment only with a reason.
      const bake = w.index === 1 && patch.waves[0]!.index === 0 ? ['--override-bake', 'Urgent'] : [];
      await ok('patch', 'start', '--train', rolling.version, '--wave', String(w.index), ...bake);
      await ok('patch', 'release', '--train', rolling.version, '--wave', String(w.index));
    }
    all = await versions();
    expect(all.filter((d) => d.broken)).toEqual([]);
    for (const d of broken) expect(all.find((x) => x.key === d.key)!.version, d.key).toBe(fix);
    expect(await ok('status', '--train', rolling.version)).toContain(`Patch ${fix} (replaces ${rolling.version}`);
  });
});
