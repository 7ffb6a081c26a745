// Early-wave opt-out and blocked date ranges: the schemas that guard them and what
// the ordering engine does with them (shared/deployment.ts, shared/ordering.ts).
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { daysBetween } from '../../shared/days';
import { blockedDateRangeSchema, deploymentChangesSchema, deploymentDraftSchema } from '../../shared/deployment';
import { fieldErrorsFromZod, type FieldError } from '../../shared/errors';
import { DEFAULT_POLICY, lateOnlyReason, planRollout, planViolations } from '../../shared/ordering';
import { orderingDeployment as dep } from '../helpers/deployments';

const minimalDraft = { key: 'us-east-6', name: 'US East 6', region: 'us-east', timeZone: 'America/New_York' };
const INTERNAL_MESSAGE =
  'The internal deployment always receives a release first, so it cannot opt out of early waves.';

function errorsOf(schema: z.ZodType, input: unknown): FieldError[] {
  const r = schema.safeParse(input);
  return r.success ? [] : fieldErrorsFromZod(r.error);
}

describe('early-wave opt-out on the deployment schemas', () => {
  it('defaults to false and accepts true', () => {
    expect(deploymentDraftSchema.parse(minimalDraft).earlyOptOut).toBe(false);
    expect(deploymentDraftSchema.parse({ ...minimalDraft, earlyOptOut: true }).earlyOptOut).toBe(true);
    expect(deploymentChangesSchema.parse({ earlyOptOut: true })).toEqual({ earlyOptOut: true });
  });

  it('refuses a value that is not a boolean, on its own field', () => {
    expect(errorsOf(deploymentDraftSchema, { ...minimalDraft, earlyOptOut: 'yes' })).toEqual([
      { field: 'earlyOptOut', message: 'Early opt-out must be true or false.' },
    ]);
    expect(errorsOf(deploymentChangesSchema, { earlyOptOut: 1 })).toEqual([
      { field: 'earlyOptOut', message: 'Early opt-out must be true or false.' },
    ]);
  });

  it('refuses the internal deployment opting out, like pinning it late', () => {
    expect(errorsOf(deploymentDraftSchema, { ...minimalDraft, internal: true, earlyOptOut: true })).toEqual([
      { field: 'earlyOptOut', message: INTERNAL_MESSAGE },
    ]);
    expect(errorsOf(deploymentDraftSchema, { ...minimalDraft, internal: true, earlyOptOut: false })).toEqual([]);
  });
});

describe('blocked date range schema', () => {
  const range = { from: '2027-03-01', to: '2027-03-05', reason: 'Customer launch week' };

  it('accepts a range, a single day, and a year of 366 days; trims the reason', () => {
    expect(blockedDateRangeSchema.parse({ ...range, reason: '  Launch  ' })).toEqual({ ...range, reason: 'Launch' });
    expect(blockedDateRangeSchema.safeParse({ ...range, to: range.from }).success).toBe(true);
    // 2028 is a leap year: 1 Jan to 31 Dec is 366 days.
    expect(daysBetween('2028-01-01', '2028-12-31') + 1).toBe(366);
    expect(blockedDateRangeSchema.safeParse({ ...range, from: '2028-01-01', to: '2028-12-31' }).success).toBe(true);
  });

  it('refuses a range longer than 366 days, one ending before it starts, and says what to do', () => {
    expect(errorsOf(blockedDateRangeSchema, { ...range, from: '2027-01-01', to: '2028-01-02' })).toEqual([
      { field: 'to', message: 'A blocked range can be at most 366 days long; split it, or retire the deployment.' },
    ]);
    expect(errorsOf(blockedDateRangeSchema, { ...range, to: '2027-02-28' })).toEqual([
      { field: 'to', message: 'A blocked range must end on or after the day it starts.' },
    ]);
  });

  it('refuses a missing or too long reason and a day that does not exist, each with its own message only', () => {
    expect(errorsOf(blockedDateRangeSchema, { ...range, reason: ' ' })).toEqual([
      { field: 'reason', message: 'Reason is required: say why the deployment takes no release on these days.' },
    ]);
    expect(errorsOf(blockedDateRangeSchema, { ...range, reason: 'x'.repeat(201) })).toEqual([
      { field: 'reason', message: 'Reason must be at most 200 characters.' },
    ]);
    expect(blockedDateRangeSchema.safeParse({ ...range, reason: 'x'.repeat(200) }).success).toBe(true);
    // The range check does not add a second, misleading message about "to" when "from" is not a day.
    expect(errorsOf(blockedDateRangeSchema, { ...range, from: '2027-13-01' })).toEqual([
      { field: 'from', message: 'From "2027-13-01" is not a day written YYYY-MM-DD (e.g. 2027-01-04).' },
    ]);
  });
});

describe('the ordering engine and the opt-out', () => {
  it('gives an opted-out deployment its one-sentence late-only reason; pinning late takes precedence, then the opt-out', () => {
    expect(lateOnlyReason(dep('a', { earlyOptOut: true }), DEFAULT_POLICY)).toBe('opted out of early waves');
    expect(lateOnlyReason(dep('a', { earlyOptOut: true, pinPolicy: 'late' }), DEFAULT_POLICY)).toBe(
      'pinned late: only ever in the last wave',
    );
    expect(lateOnlyReason(dep('a', { earlyOptOut: true, tier: 'government' }), DEFAULT_POLICY)).toBe(
      'opted out of early waves',
    );
    expect(lateOnlyReason(dep('a', { earlyOptOut: false }), DEFAULT_POLICY)).toBeNull();
  });

  it('never places an opted-out deployment early, even when it has the fewest early slots, and explains it', () => {
    // One early slot per train; the opted-out deployment sorts first by key and has no history.
    const fleet = [dep('home', { internal: true }), dep('a-opted', { earlyOptOut: true }), dep('b'), dep('c')];
    const plan = planRollout({
      fleet,
      policy: { ...DEFAULT_POLICY, waveSizes: { kind: 'fixed', perWave: 1 } },
      internalDay: '2027-03-01',
      releaseDays: ['2027-03-03', '2027-03-04', '2027-03-08'],
      history: [
        { waves: [['b'], ['c'], ['a-opted']], regressions: [] },
        { waves: [['c'], ['b'], ['a-opted']], regressions: [] },
      ],
      daysBetween,
    });
    expect(plan.waves[1]!.keys).not.toContain('a-opted');
    // Last in both earlier trains, it has the least exposure: the later waves come round to it.
    expect(plan.waves[2]!.keys).toEqual(['a-opted']);
    expect(plan.placements.find((p) => p.key === 'a-opted')!.reason).toBe(
      'opted out of early waves; among the later waves by exposure: 0 over 2 trains',
    );
  });

  it('refuses a manual move of an opted-out deployment into an early wave, naming the rule', () => {
    const fleet = [dep('home', { internal: true }), dep('a', { earlyOptOut: true }), dep('b')];
    const waves = [
      { date: '2027-03-01', keys: ['home'] },
      { date: '2027-03-03', keys: ['a'] },
      { date: '2027-03-04', keys: ['b'] },
    ];
    expect(planViolations(waves, fleet, DEFAULT_POLICY)).toEqual(['a is opted out of early waves; wave 1 is early.']);
    expect(
      planViolations([waves[0]!, { ...waves[1]!, keys: ['b'] }, { ...waves[2]!, keys: ['a'] }], fleet, DEFAULT_POLICY),
    ).toEqual([]);
  });
});
