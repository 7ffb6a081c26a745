import type { Deployment } from '../../shared/deployment';

/** A valid active deployment; override what the test is about. */
export function makeDeployment(overrides: Partial<Deployment> & Pick<Deployment, 'key'>): Deployment {
  return {
    name: `Deployment ${overrides.key}`,
    region: 'us-east',
    timeZone: 'America/New_York',
    tier: 'standard',
    weight: 0,
    pairingGroup: null,
    pinPolicy: 'none',
    internal: false,
    earlyOptOut: false,
    status: 'active',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    retiredAt: null,
    blockedDates: [],
    ...overrides,
  };
}

/** A CSV body with the required columns first; `rows` are cells in the order of `header`. */
export function csvOf(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}
