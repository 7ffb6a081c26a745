import { describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../../shared/demo-fleet';
import {
  DEPLOYMENT_SORT_FIELDS,
  type Deployment,
  type DeploymentQuery,
  type DeploymentSortField,
  deploymentQuerySchema,
  queryDeployments,
  summarizeFleet,
} from '../../shared/deployment';
import { makeDeployment } from '../helpers/deployments';

// Small fleet with deliberate ties on every sortable field, so the key tiebreak shows.
const FLEET: readonly Deployment[] = [
  makeDeployment({
    key: 'eu-west-1',
    name: 'Dublin',
    region: 'eu-west',
    timeZone: 'Europe/Dublin',
    tier: 'enterprise',
    weight: 100,
    pairingGroup: 'eu-pair',
  }),
  makeDeployment({ key: 'us-east-2', name: 'Virginia', region: 'us-east', tier: 'premium', weight: 9 }),
  makeDeployment({ key: 'us-east-1', name: 'Virginia', region: 'us-east', tier: 'standard', weight: 100 }),
  makeDeployment({
    key: 'ap-south-1',
    name: 'Mumbai',
    region: 'ap-south',
    timeZone: 'Asia/Kolkata',
    tier: 'government',
    weight: 10,
    pinPolicy: 'late',
    status: 'retired',
    retiredAt: '2026-02-01T00:00:00.000Z',
  }),
  makeDeployment({
    key: 'internal',
    name: 'Our own',
    region: 'us-east',
    tier: 'standard',
    weight: 1,
    internal: true,
    pairingGroup: 'eu-pair',
  }),
];

function keys(q: Partial<DeploymentQuery>): string[] {
  return queryDeployments(FLEET, deploymentQuerySchema.parse(q)).map((d) => d.key);
}

describe('queryDeployments', () => {
  it('lists every deployment by key when nothing is asked', () => {
    expect(keys({})).toEqual(['ap-south-1', 'eu-west-1', 'internal', 'us-east-1', 'us-east-2']);
  });

  it('filters by status', () => {
    expect(keys({ status: 'retired' })).toEqual(['ap-south-1']);
    expect(keys({ status: 'active' })).toEqual(['eu-west-1', 'internal', 'us-east-1', 'us-east-2']);
  });

  it('filters by exact region', () => {
    expect(keys({ region: 'us-east' })).toEqual(['internal', 'us-east-1', 'us-east-2']);
    expect(keys({ region: 'us' })).toEqual([]);
  });

  it('filters by tier', () => {
    expect(keys({ tier: 'standard' })).toEqual(['internal', 'us-east-1']);
  });

  it('combines filters', () => {
    expect(keys({ region: 'us-east', tier: 'standard', status: 'active' })).toEqual(['internal', 'us-east-1']);
  });

  it.each([
    ['key', 'EAST-2', ['us-east-2']],
    ['name, ignoring case', 'virginia', ['us-east-1', 'us-east-2']],
    ['region', 'ap-sou', ['ap-south-1']],
    ['time zone', 'kolkata', ['ap-south-1']],
    ['pairing group', 'eu-pair', ['eu-west-1', 'internal']],
  ])('searches the %s', (_what, search, expected) => {
    expect(keys({ search })).toEqual(expected);
  });

  it('finds nothing for a search that matches no field', () => {
    expect(keys({ search: 'zzz' })).toEqual([]);
  });

  const ascending: Record<DeploymentSortField, string[]> = {
    key: ['ap-south-1', 'eu-west-1', 'internal', 'us-east-1', 'us-east-2'],
    name: ['eu-west-1', 'ap-south-1', 'internal', 'us-east-1', 'us-east-2'],
    region: ['ap-south-1', 'eu-west-1', 'internal', 'us-east-1', 'us-east-2'],
    timeZone: ['internal', 'us-east-1', 'us-east-2', 'ap-south-1', 'eu-west-1'],
    // By rank (standard < premium < enterprise < government), not alphabetically.
    tier: ['internal', 'us-east-1', 'us-east-2', 'eu-west-1', 'ap-south-1'],
    // Numerically: 9 before 10 before 100.
    weight: ['internal', 'us-east-2', 'ap-south-1', 'eu-west-1', 'us-east-1'],
    status: ['eu-west-1', 'internal', 'us-east-1', 'us-east-2', 'ap-south-1'],
  };
  const descending: Record<DeploymentSortField, string[]> = {
    key: ['us-east-2', 'us-east-1', 'internal', 'eu-west-1', 'ap-south-1'],
    name: ['us-east-1', 'us-east-2', 'internal', 'ap-south-1', 'eu-west-1'],
    region: ['internal', 'us-east-1', 'us-east-2', 'eu-west-1', 'ap-south-1'],
    timeZone: ['eu-west-1', 'ap-south-1', 'internal', 'us-east-1', 'us-east-2'],
    tier: ['ap-south-1', 'eu-west-1', 'us-east-2', 'internal', 'us-east-1'],
    weight: ['eu-west-1', 'us-east-1', 'ap-south-1', 'us-east-2', 'internal'],
    status: ['ap-south-1', 'eu-west-1', 'internal', 'us-east-1', 'us-east-2'],
  };

  it('has an expectation for every sortable field', () => {
    expect(Object.keys(ascending).sort()).toEqual([...DEPLOYMENT_SORT_FIELDS].sort());
  });

  it.each(DEPLOYMENT_SORT_FIELDS)('sorts by %s ascending, ties by key ascending', (sort) => {
    expect(keys({ sort, direction: 'asc' })).toEqual(ascending[sort]);
  });

  it.each(DEPLOYMENT_SORT_FIELDS)('sorts by %s descending, ties still by key ascending', (sort) => {
    expect(keys({ sort, direction: 'desc' })).toEqual(descending[sort]);
  });

  it('does not reorder the array it was given', () => {
    const before = FLEET.map((d) => d.key);
    queryDeployments(FLEET, deploymentQuerySchema.parse({ sort: 'weight', direction: 'desc' }));
    expect(FLEET.map((d) => d.key)).toEqual(before);
  });
});

describe('summarizeFleet', () => {
  it('counts only active deployments in the summary', () => {
    expect(summarizeFleet(FLEET)).toEqual({
      active: 4,
      retired: 1,
      regions: ['eu-west', 'us-east'],
      timeZones: 2,
      internalKey: 'internal',
      pairingGroups: 1,
      pinnedLate: 0,
      totalWeight: 210,
    });
  });

  it('summarizes the demo fleet', () => {
    const fleet = DEMO_FLEET.map((d) => makeDeployment({ ...d }));
    expect(summarizeFleet(fleet)).toEqual({
      active: 40,
      retired: 0,
      regions: [
        'ap-northeast',
        'ap-south',
        'ap-southeast',
        'ca-central',
        'eu-central',
        'eu-north',
        'eu-west',
        'me-central',
        'sa-east',
        'us-central',
        'us-east',
        'us-west',
      ],
      timeZones: 22,
      internalKey: 'internal-us',
      pairingGroups: 10,
      pinnedLate: 4,
      totalWeight: 772_350,
    });
  });

  it('has no internal key when the internal deployment is retired', () => {
    const fleet = FLEET.map((d) =>
      d.internal ? { ...d, status: 'retired' as const, retiredAt: '2026-02-01T00:00:00.000Z' } : d,
    );
    expect(summarizeFleet(fleet).internalKey).toBeNull();
  });

  it('summarizes an empty fleet', () => {
    expect(summarizeFleet([])).toEqual({
      active: 0,
      retired: 0,
      regions: [],
      timeZones: 0,
      internalKey: null,
      pairingGroups: 0,
      pinnedLate: 0,
      totalWeight: 0,
    });
  });
});
