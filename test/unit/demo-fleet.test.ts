import { describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../../shared/demo-fleet';
import { deploymentDraftSchema } from '../../shared/deployment';

describe('demo fleet', () => {
  it('has 40 deployments with unique keys', () => {
    expect(DEMO_FLEET).toHaveLength(40);
    expect(new Set(DEMO_FLEET.map((d) => d.key)).size).toBe(40);
  });

  it('spans at least 4 regions and 6 time zones', () => {
    expect(new Set(DEMO_FLEET.map((d) => d.region)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(DEMO_FLEET.map((d) => d.timeZone)).size).toBeGreaterThanOrEqual(6);
  });

  it('has exactly one internal deployment, and it is not pinned late', () => {
    const internal = DEMO_FLEET.filter((d) => d.internal);
    expect(internal.map((d) => d.key)).toEqual(['internal-us']);
    expect(DEMO_FLEET.filter((d) => d.internal && d.pinPolicy === 'late')).toEqual([]);
  });

  it('passes the draft schema unchanged, entry by entry', () => {
    for (const d of DEMO_FLEET) {
      const r = deploymentDraftSchema.safeParse(d);
      expect(r.error?.issues ?? [], d.key).toEqual([]);
      expect(r.data, d.key).toEqual(d);
    }
  });

  it('has pairing groups of at least two members (a lone member pairs with nobody)', () => {
    const groups = new Map<string, number>();
    for (const d of DEMO_FLEET) if (d.pairingGroup) groups.set(d.pairingGroup, (groups.get(d.pairingGroup) ?? 0) + 1);
    expect(groups.size).toBeGreaterThan(0);
    expect([...groups].filter(([, members]) => members < 2)).toEqual([]);
  });

  it('pins some deployments late', () => {
    expect(DEMO_FLEET.filter((d) => d.pinPolicy === 'late').length).toBeGreaterThan(0);
  });

  it('opts a customer deployment or two out of early waves, none of them pinned late (so the flag shows on its own)', () => {
    const optedOut = DEMO_FLEET.filter((d) => d.earlyOptOut);
    expect(optedOut.map((d) => d.key)).toEqual(['us-east-6', 'ap-southeast-2']);
    expect(optedOut.filter((d) => d.internal || d.pinPolicy === 'late' || d.tier === 'government')).toEqual([]);
  });

  it('gives customer deployments a weight (blast radius)', () => {
    expect(DEMO_FLEET.filter((d) => !d.internal && d.weight <= 0).map((d) => d.key)).toEqual([]);
  });
});
