import { describe, expect, it } from 'vitest';
import type { AuditEntry, RolloutPlanView } from '../../shared/contract';
import type { TrainView } from '../../shared/train';
import { dumpDatabase, useTestBackend } from '../helpers/db';
import { cli } from '../helpers/cli';
import { useTempDirs } from '../helpers/temp-dir';

// Stored plans follow their inputs until their train starts (electron/backend/services/plan-refresh.ts).
// The demo, on 2026-03-02: 2026.02 is overdue, 2026.03 is rolling out, 2026.04 has begun its
// development, and 2026.05 to 2026.17 have plans and have not started.

const tempDir = useTempDirs('rc-plan-refresh-');
const { backend, ok } = useTestBackend(tempDir);

interface Demo {
  trains: TrainView[];
  /** The trains with a plan that has not started, in start order. */
  unstarted: TrainView[];
  started: TrainView[];
}

async function demo(): Promise<Demo> {
  await ok('fleet.loadDemo', {});
  const trains = await ok<TrainView[]>('trains.list', {});
  const plans = await Promise.all(trains.map((t) => ok<RolloutPlanView | null>('rollout.get', { trainId: t.id })));
  const unstarted = trains.filter((_, i) => plans[i] && !plans[i].started);
  const started = trains.filter((_, i) => plans[i]?.started);
  expect(unstarted.length).toBeGreaterThan(8);
  expect(started.length).toBeGreaterThan(1);
  return { trains, unstarted, started };
}

const plan = (trainId: number) => ok<RolloutPlanView>('rollout.get', { trainId });
const keysOf = (p: RolloutPlanView) => p.waves.flatMap((w) => w.deployments.map((d) => d.key));
const waveOf = (p: RolloutPlanView, key: string) =>
  p.waves.find((w) => w.deployments.some((d) => d.key === key))?.index;
const placed = (p: RolloutPlanView) => p.waves.map((w) => w.deployments.map((d) => d.key).sort());
/**
 * The first of `trains` whose plan has `n` customers in wave 1 that may go to the last wave by hand
 * (no pairing partner of theirs is there, nor among them), its plan and those customers.
 */
async function withMovableLate(
  trains: readonly TrainView[],
  n: number,
): Promise<{ t: TrainView; p: RolloutPlanView; keys: string[] }> {
  for (const t of trains) {
    const p = await plan(t.id);
    const group = new Map(p.fleet.map((d) => [d.key, d.pairingGroup]));
    const taken = new Set(p.waves.at(-1)!.deployments.flatMap((d) => group.get(d.key) ?? []));
    const keys: string[] = [];
    for (const { key } of p.waves[1]!.deployments) {
      const g = group.get(key) ?? null;
      if (g !== null && taken.has(g)) continue;
      if (g !== null) taken.add(g);
      keys.push(key);
    }
    if (keys.length >= n) return { t, p, keys: keys.slice(0, n) };
  }
  throw new Error(`No plan has ${n} customers of wave 1 that may move to its last wave.`);
}
const replans = async (trainId: number) =>
  (await ok<AuditEntry[]>('audit.list', { trainId })).filter((e) => e.action === 'rollout.replan');

describe('plans that have not started follow the fleet', () => {
  it('a deployment added to the fleet joins every unstarted plan, each audited with the cause; started plans keep theirs', async () => {
    const { unstarted, started } = await demo();
    await ok('deployments.create', { key: 'zz-new-1', name: 'New One', region: 'eu-west', timeZone: 'Europe/Paris' });
    for (const t of unstarted) {
      const p = await plan(t.id);
      expect(keysOf(p), t.version).toContain('zz-new-1');
      expect(keysOf(p)).toHaveLength(41);
      const [latest] = await replans(t.id);
      expect(latest?.summary, t.version).toMatch(
        new RegExp(`^Re-planned the rollout of ${t.version.replace('.', '\\.')}: zz-new-1 was added to the fleet`),
      );
    }
    for (const t of started) expect(keysOf(await plan(t.id)), t.version).not.toContain('zz-new-1');
  });

  it('a retired deployment leaves every unstarted plan, and a reactivated one comes back', async () => {
    const { unstarted } = await demo();
    await ok('deployments.retire', { key: 'eu-west-2' });
    for (const t of unstarted) expect(keysOf(await plan(t.id)), t.version).not.toContain('eu-west-2');
    await ok('deployments.reactivate', { key: 'eu-west-2' });
    for (const t of unstarted) expect(keysOf(await plan(t.id)), t.version).toContain('eu-west-2');
  });

  it('a change the engine does not read (a name) re-plans nothing', async () => {
    const { unstarted } = await demo();
    const before = await Promise.all(unstarted.map((t) => plan(t.id)));
    await ok('deployments.update', { key: 'eu-west-2', changes: { name: 'EU West Two' } });
    for (const [i, t] of unstarted.entries()) {
      expect(placed(await plan(t.id))).toEqual(placed(before[i]!));
      expect(await replans(t.id)).toEqual([]);
    }
  });

  it('opting out of early waves moves the deployment out of wave 1 of every unstarted plan', async () => {
    const { unstarted } = await demo();
    const early = unstarted[0]!;
    const firstWave = (await plan(early.id)).waves[1]!.deployments[0]!.key;
    await ok('deployments.update', { key: firstWave, changes: { earlyOptOut: true } });
    for (const t of unstarted) expect(waveOf(await plan(t.id), firstWave), t.version).not.toBe(1);
    const [latest] = await replans(early.id);
    expect(latest?.summary).toContain(`the early opt-out of ${firstWave} changed`);
  });
});

describe('plans that have not started follow the regressions of earlier trains', () => {
  it('a halt moves the deployments its regression reached later in the next unstarted plan', async () => {
    const { unstarted, started } = await demo();
    const rolling = started.at(-2)!;
    const next = unstarted[0]!;
    // First every plan made on today's inputs, so that the halt is the only change.
    await ok('policy.update', { policy: await ok('policy.get', {}) });
    const before = await plan(next.id);
    const tracking = await ok<{ halts: { deployments: string[] }[] }>('trains.halt', {
      trainId: rolling.id,
      reason: 'Login fails for SSO users',
      reference: 'INC-42',
    });
    const reached = tracking.halts.at(-1)!.deployments;
    expect(reached.length).toBeGreaterThan(1);
    const after = await plan(next.id);
    expect(placed(after)).not.toEqual(placed(before));
    // Each customer it reached is in the same or a later wave, and one at least moved later.
    const customers = reached.filter((k) => waveOf(before, k) !== 0);
    expect(customers.length).toBeGreaterThan(2);
    for (const key of customers) expect(waveOf(after, key), key).toBeGreaterThanOrEqual(waveOf(before, key)!);
    expect(customers.some((key) => waveOf(after, key)! > waveOf(before, key)!)).toBe(true);
    const [latest] = await replans(next.id);
    expect(latest?.summary).toMatch(
      new RegExp(
        `^Re-planned the rollout of ${next.version.replace('.', '\\.')}: the regression of ${rolling.version.replace('.', '\\.')} reached ${reached.length} deployments`,
      ),
    );
    // The halted train itself keeps its plan.
    expect(await replans(rolling.id)).toEqual([]);
  });
});

describe('manual moves across a re-plan', () => {
  it('keeps a manual move that still holds, and undoes one that breaks a rule, naming it', async () => {
    const { unstarted } = await demo();
    const { t, p, keys } = await withMovableLate(unstarted.slice(1), 2);
    const last = p.waves.at(-1)!.index;
    // Two customers of wave 1 moved by hand to the last wave.
    const [a, b] = keys;
    await ok('rollout.move', { trainId: t.id, key: a, wave: last, reason: 'Customer freeze' });
    await ok('rollout.move', { trainId: t.id, key: b, wave: last, reason: 'Asked to go late' });
    // b now opts out of early waves: its move to the last wave still holds. a is made internal-free but pinned late: also holds.
    await ok('deployments.create', {
      key: 'zz-new-2',
      name: 'New Two',
      region: 'us-east',
      timeZone: 'America/New_York',
    });
    const after = await plan(t.id);
    for (const key of [a!, b!]) {
      expect(waveOf(after, key)).toBe(last);
      expect(after.waves.flatMap((w) => w.deployments).find((d) => d.key === key)?.manual).toBe(true);
    }
    const [kept] = await replans(t.id);
    expect(kept?.summary).toContain(`the manual moves of ${[a, b].sort().join(' and ')} still hold`);
  });

  it('undoes a manual move the new inputs break, and says which rule', async () => {
    const { unstarted } = await demo();
    const { t, p, keys } = await withMovableLate(unstarted.slice(1), 1);
    const last = p.waves.at(-1)!.index;
    // A wave-1 customer moved by hand to the last wave, where us-gov-1 (government: pinned late) always is.
    const moved = keys[0]!;
    await ok('rollout.move', { trainId: t.id, key: moved, wave: last, reason: 'Customer freeze' });
    // Then paired with us-gov-1: a pair never shares a wave, so the move can no longer hold.
    await ok('deployments.update', { key: 'us-gov-1', changes: { pairingGroup: 'zz-pair' } });
    expect(waveOf(await plan(t.id), moved)).toBe(last);
    await ok('deployments.update', { key: moved, changes: { pairingGroup: 'zz-pair' } });
    const after = await plan(t.id);
    expect(waveOf(after, moved)).not.toBe(last);
    expect(after.waves.flatMap((w) => w.deployments).find((d) => d.key === moved)?.manual).toBe(false);
    const [latest] = await replans(t.id);
    expect(latest?.summary).toMatch(new RegExp(`the manual move of ${moved} is undone: .*us-gov-1`));
  });
});

describe('a change whose re-plan the engine refuses', () => {
  it('is refused whole, naming the train, and changes nothing', async () => {
    const { unstarted } = await demo();
    const policy = await ok<Record<string, unknown>>('policy.get', {});
    const before = dumpDatabase(backend().db);
    const answer = await backend().dispatch('policy.update', {
      policy: { ...policy, waveSizes: { kind: 'fixed', perWave: 2 } },
    });
    expect(answer.ok ? 'accepted' : answer.error.message).toMatch(
      new RegExp(
        `^The new rollout policy is refused: the rollout of ${unstarted[0]!.version.replace('.', '\\.')}, which has not started, would have to be planned again and cannot be: `,
      ),
    );
    expect(dumpDatabase(backend().db)).toEqual(before);
  });
});

describe('a started train keeps its plan', () => {
  it('lists a deployment added after it started, which a lead adds to a wave to come, undoably', async () => {
    const { started, unstarted } = await demo();
    await ok('deployments.create', { key: 'zz-new-3', name: 'New Three', region: 'eu-west', timeZone: 'Europe/Paris' });
    // The train that has begun but released nothing yet: all its waves are to come.
    const t = started.at(-1)!;
    const p = await plan(t.id);
    expect(p.started).toBe(true);
    expect(p.unplanned).toEqual([{ key: 'zz-new-3', name: 'New Three' }]);
    expect((await plan(unstarted[0]!.id)).unplanned).toEqual([]);

    // Wave 1 is full: refused, with the rule, and nothing changes.
    const before = dumpDatabase(backend().db);
    const full = await backend().dispatch('rollout.move', { trainId: t.id, key: 'zz-new-3', wave: 1, reason: 'Asked' });
    expect(full.ok ? 'added' : full.error.message).toMatch(/^Adding zz-new-3 to wave 1 is refused: Wave 1 would hold/);
    expect(dumpDatabase(backend().db)).toEqual(before);

    const last = p.waves.at(-1)!.index;
    const added = await ok<RolloutPlanView>('rollout.move', {
      trainId: t.id,
      key: 'zz-new-3',
      wave: last,
      reason: 'New customer, onboarded this week',
    });
    expect(waveOf(added, 'zz-new-3')).toBe(last);
    expect(added.unplanned).toEqual([]);
    const placement = added.waves.at(-1)!.deployments.find((d) => d.key === 'zz-new-3')!;
    expect(placement).toMatchObject({ manual: true, step: 'pending' });
    expect(placement.reason).toBe(`added by hand to wave ${last}: New customer, onboarded this week`);
    expect(added.lastChange).toMatchObject({
      summary: `Added zz-new-3 to wave ${last} of ${t.version}: New customer, onboarded this week`,
    });

    await ok('audit.undo', { trainId: t.id });
    const undone = await plan(t.id);
    expect(keysOf(undone)).not.toContain('zz-new-3');
    expect(undone.unplanned).toEqual([{ key: 'zz-new-3', name: 'New Three' }]);
  });

  it('shows when and why an unstarted plan last changed', async () => {
    const { unstarted } = await demo();
    await ok('deployments.retire', { key: 'eu-west-2' });
    const p = await plan(unstarted[0]!.id);
    expect(p.lastChange).toMatchObject({
      actor: expect.any(String),
      summary: expect.stringMatching(new RegExp(`^Re-planned the rollout of .+: eu-west-2 was retired`)),
    });
  });
});

describe('the CLI', () => {
  it('shows when and why a plan changed, and what a started one lacks, with the command to add it', async () => {
    const dir = tempDir();
    const run = (...argv: string[]) => cli([...argv, '--db', `${dir}/cli.db`], { cwd: dir });
    expect((await run('init', '--demo')).code).toBe(0);
    expect(
      (
        await run(
          'deployments',
          'add',
          '--key',
          'zz-cli-1',
          '--name',
          'CLI',
          '--region',
          'eu-west',
          '--time-zone',
          'UTC',
        )
      ).code,
    ).toBe(0);
    const unstarted = await run('rollout', 'plan', '--train', '2026.05', '--show');
    expect(unstarted.code).toBe(0);
    expect(unstarted.out).toMatch(
      /^Last changed \d{4}-\d\d-\d\d \d\d:\d\d UTC by .+: Re-planned the rollout of 2026\.05: zz-cli-1 was added to the fleet/m,
    );
    const started = await run('rollout', 'plan', '--train', '2026.04', '--show');
    expect(started.out).toContain('Not in this rollout (added to the fleet since it started): zz-cli-1');
    const last = /Wave (\d+) · [^\n]+\n(?![\s\S]*Wave \d+ ·)/.exec(started.out)![1]!;
    const added = await run(
      'rollout',
      'move',
      '--train',
      '2026.04',
      '--deployment',
      'zz-cli-1',
      '--wave',
      last,
      '--reason',
      'Onboarded',
    );
    expect(added.code, added.stderr.join()).toBe(0);
    expect(added.out).toMatch(/zz-cli-1 +\[added\] added by hand to wave \d+: Onboarded/);
    expect(added.out).not.toContain('Not in this rollout');
  });
});
