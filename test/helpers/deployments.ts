import type { Deployment } from '../../shared/deployment';
import type { OrderingDeployment } from '../../shared/ordering';

/**
 * What a deployment draft that names only its key, name, region and time zone gets: standard
 * tier, weight 0, no pairing group, no pin, not internal, not opted out, no release window. Written out here,
 * not taken from the schema, so the tests check the schema's defaults against it.
 */
export const DRAFT_DEFAULTS = {
  tier: 'standard',
  weight: 0,
  pairingGroup: null,
  pinPolicy: 'none',
  internal: false,
  earlyOptOut: false,
  releaseWindow: null,
} as const satisfies Partial<Deployment>;

/** A valid active deployment; override what the test is about. */
export function makeDeployment(overrides: Partial<Deployment> & Pick<Deployment, 'key'>): Deployment {
  return {
    name: `Deployment ${overrides.key}`,
    region: 'us-east',
    timeZone: 'America/New_York',
    ...DRAFT_DEFAULTS,
    status: 'active',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    retiredAt: null,
    blockedDates: [],
    ...overrides,
  };
}

/** A deployment as the ordering engine sees it: a standard eu-west customer of weight 1,000; override what the test is about. */
export function orderingDeployment(key: string, extra: Partial<OrderingDeployment> = {}): OrderingDeployment {
  return {
    key,
    region: 'eu-west',
    tier: 'standard',
    weight: 1_000,
    pairingGroup: null,
    pinPolicy: 'none',
    internal: false,
    ...extra,
  };
}

/** A CSV body with the required columns first; `rows` are cells in the order of `header`. */
export function csvOf(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}
