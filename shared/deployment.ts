import { z } from 'zod';
import { dayString } from './cadence';
import { type Day, daysBetween, isDay } from './days';
import { type ReleaseWindow, releaseWindowSchema } from './release-window';
import { requiredText } from './text-schema';
import { isIanaTimeZone } from './timezones';

export const TIERS = ['standard', 'premium', 'enterprise', 'government'] as const;
export type Tier = (typeof TIERS)[number];

export const PIN_POLICIES = ['none', 'late'] as const;
export type PinPolicy = (typeof PIN_POLICIES)[number];

export const DEPLOYMENT_STATUSES = ['active', 'retired'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** Largest weight accepted: far above any real customer count, small enough to stay exact in SQLite and JSON. */
export const MAX_WEIGHT = 1_000_000_000;

const KEY_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const deploymentKeySchema = requiredText('Key', 63, { abortOverMax: true }).regex(
  KEY_PATTERN,
  'Key must use lowercase letters, digits and hyphens, and start and end with a letter or digit (e.g. us-east-3).',
);

const nameSchema = requiredText('Name', 100);

const regionSchema = requiredText('Region', 40).regex(
  /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/,
  'Region must use letters, digits, spaces, dots, underscores or hyphens (e.g. us-east).',
);

const timeZoneSchema = z
  .string({ error: 'Time zone is required.' })
  .trim()
  .min(1, { error: 'Time zone is required.', abort: true })
  .refine(isIanaTimeZone, {
    error: (issue) =>
      `"${String(issue.input)}" is not an IANA time zone; use a name such as Europe/Berlin or America/New_York.`,
  });

const tierSchema = z.enum(TIERS, { error: `Tier must be one of: ${TIERS.join(', ')}.` });
const pinPolicySchema = z.enum(PIN_POLICIES, { error: 'Pin policy must be "none" or "late".' });

const weightSchema = z
  .number({ error: 'Weight must be a whole number (customers or users served).' })
  .int('Weight must be a whole number (customers or users served).')
  .min(0, 'Weight cannot be negative.')
  .max(MAX_WEIGHT, `Weight must be at most ${MAX_WEIGHT.toLocaleString('en-US')}.`);

const pairingGroupSchema = z
  .string()
  .trim()
  .max(40, 'Pairing group must be at most 40 characters.')
  .regex(/^$|^[a-z0-9][a-z0-9-]*$/, 'Pairing group must use lowercase letters, digits and hyphens (e.g. us-pair-1).')
  .transform((s) => (s === '' ? null : s))
  .nullable();

const earlyOptOutSchema = z.boolean({ error: 'Early opt-out must be true or false.' });

export const INTERNAL_OPT_OUT_MESSAGE =
  'The internal deployment always receives a release first, so it cannot opt out of early waves.';

/** What a person fills in to create a deployment. */
export const deploymentDraftSchema = z
  .object({
    key: deploymentKeySchema,
    name: nameSchema,
    region: regionSchema,
    timeZone: timeZoneSchema,
    tier: tierSchema.default('standard'),
    weight: weightSchema.default(0),
    pairingGroup: pairingGroupSchema.default(null),
    pinPolicy: pinPolicySchema.default('none'),
    internal: z.boolean({ error: 'Internal must be true or false.' }).default(false),
    earlyOptOut: earlyOptOutSchema.default(false),
    /** Local wall-clock hours of its releases, in its own time zone; null: all day. */
    releaseWindow: releaseWindowSchema.default(null),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.internal && d.pinPolicy === 'late') {
      ctx.addIssue({
        code: 'custom',
        path: ['pinPolicy'],
        message: 'The internal deployment always receives a release first, so it cannot be pinned late.',
      });
    }
    if (d.internal && d.earlyOptOut) {
      ctx.addIssue({ code: 'custom', path: ['earlyOptOut'], message: INTERNAL_OPT_OUT_MESSAGE });
    }
  });
export type DeploymentDraft = z.output<typeof deploymentDraftSchema>;
export type DeploymentDraftInput = z.input<typeof deploymentDraftSchema>;

/** Fields that may change after creation. The key is the deployment's permanent identity (history and exports refer to it). */
export const deploymentChangesSchema = z
  .object({
    name: nameSchema,
    region: regionSchema,
    timeZone: timeZoneSchema,
    tier: tierSchema,
    weight: weightSchema,
    pairingGroup: pairingGroupSchema,
    pinPolicy: pinPolicySchema,
    internal: z.boolean({ error: 'Internal must be true or false.' }),
    /** Never in an early customer wave (the customer asked to go later, say). */
    earlyOptOut: earlyOptOutSchema,
    /** Null removes the window. */
    releaseWindow: releaseWindowSchema,
  })
  .partial()
  .strict();
export type DeploymentChanges = z.output<typeof deploymentChangesSchema>;

export interface Deployment {
  key: string;
  name: string;
  region: string;
  timeZone: string;
  tier: Tier;
  weight: number;
  pairingGroup: string | null;
  pinPolicy: PinPolicy;
  internal: boolean;
  /** Opted out of early customer waves: the ordering engine places it after them. */
  earlyOptOut: boolean;
  /** The local hours (in `timeZone`) its releases go out in; null when none is set (releases are all-day). */
  releaseWindow: ReleaseWindow | null;
  status: DeploymentStatus;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
  /** Days on which it takes no release, oldest range first. */
  blockedDates: BlockedDateRange[];
}

/** Longest blocked range: a year. A deployment blocked for longer should be retired instead. */
const MAX_BLOCKED_RANGE_DAYS = 366;

/** The fields of one inclusive range of days on which a deployment takes no release (its own change freeze, a customer event). */
export const blockedDateRangeFields = {
  from: dayString('From'),
  to: dayString('To'),
  reason: z
    .string({ error: 'Reason is required.' })
    .trim()
    .min(1, 'Reason is required: say why the deployment takes no release on these days.')
    .max(200, 'Reason must be at most 200 characters.'),
};

/** The checks across fields of a blocked range; shared by every schema that holds one. */
export function checkBlockedRange(r: { from: Day; to: Day }, ctx: z.RefinementCtx): void {
  // Zod runs this even when a day failed to parse; its own message is the one to show then.
  if (!isDay(r.from) || !isDay(r.to)) return;
  if (r.to < r.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'A blocked range must end on or after the day it starts.' });
  } else if (daysBetween(r.from, r.to) + 1 > MAX_BLOCKED_RANGE_DAYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `A blocked range can be at most ${MAX_BLOCKED_RANGE_DAYS} days long; split it, or retire the deployment.`,
    });
  }
}

export const blockedDateRangeSchema = z.object(blockedDateRangeFields).strict().superRefine(checkBlockedRange);
export type BlockedDateRangeDraft = z.output<typeof blockedDateRangeSchema>;

export interface BlockedDateRange {
  id: number;
  from: Day;
  to: Day;
  reason: string;
}

export const DEPLOYMENT_SORT_FIELDS = ['key', 'name', 'region', 'timeZone', 'tier', 'weight', 'status'] as const;
export type DeploymentSortField = (typeof DEPLOYMENT_SORT_FIELDS)[number];

export const deploymentQuerySchema = z
  .object({
    region: z.string().trim().min(1).optional(),
    tier: tierSchema.optional(),
    status: z.enum([...DEPLOYMENT_STATUSES, 'all'], { error: 'Status must be active, retired or all.' }).default('all'),
    search: z.string().trim().max(100).optional(),
    sort: z
      .enum(DEPLOYMENT_SORT_FIELDS, { error: `Sort must be one of: ${DEPLOYMENT_SORT_FIELDS.join(', ')}.` })
      .default('key'),
    direction: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
export type DeploymentQuery = z.output<typeof deploymentQuerySchema>;

const TIER_RANK: Record<Tier, number> = { standard: 0, premium: 1, enterprise: 2, government: 3 };

/** Filters and sorts a fleet the same way everywhere (UI, CLI, API). Pure. */
export function queryDeployments(all: readonly Deployment[], q: DeploymentQuery): Deployment[] {
  const needle = q.search?.toLowerCase();
  const rows = all.filter(
    (d) =>
      (q.status === 'all' || d.status === q.status) &&
      (!q.region || d.region === q.region) &&
      (!q.tier || d.tier === q.tier) &&
      (!needle ||
        d.key.includes(needle) ||
        d.name.toLowerCase().includes(needle) ||
        d.region.toLowerCase().includes(needle) ||
        d.timeZone.toLowerCase().includes(needle) ||
        (d.pairingGroup ?? '').includes(needle)),
  );
  const dir = q.direction === 'asc' ? 1 : -1;
  const compare = (a: Deployment, b: Deployment): number => {
    switch (q.sort) {
      case 'weight':
        return a.weight - b.weight;
      case 'tier':
        return TIER_RANK[a.tier] - TIER_RANK[b.tier];
      default:
        return a[q.sort].localeCompare(b[q.sort]);
    }
  };
  return rows.sort((a, b) => compare(a, b) * dir || a.key.localeCompare(b.key));
}

export interface FleetSummary {
  active: number;
  retired: number;
  regions: string[];
  timeZones: number;
  internalKey: string | null;
  pairingGroups: number;
  pinnedLate: number;
  totalWeight: number;
}

export function summarizeFleet(all: readonly Deployment[]): FleetSummary {
  const active = all.filter((d) => d.status === 'active');
  return {
    active: active.length,
    retired: all.length - active.length,
    regions: [...new Set(active.map((d) => d.region))].sort(),
    timeZones: new Set(active.map((d) => d.timeZone)).size,
    internalKey: active.find((d) => d.internal)?.key ?? null,
    pairingGroups: new Set(active.flatMap((d) => (d.pairingGroup ? [d.pairingGroup] : []))).size,
    pinnedLate: active.filter((d) => d.pinPolicy === 'late').length,
    totalWeight: active.reduce((sum, d) => sum + d.weight, 0),
  };
}
