import { describe, expect, it } from 'vitest';
import type { BlockedDateRange } from '../../shared/deployment';
import {
  EMPTY_BLOCK,
  plannedNotices,
  rangeLength,
  rangeSpan,
  rangeTiming,
  sortedRanges,
  validateBlock,
} from '../../renderer/src/views/fleet/blocked-dates-model';

const range = (id: number, from: string, to: string): BlockedDateRange => ({ id, from, to, reason: `r${id}` });

describe('blocked dates in the deployment drawer', () => {
  it('asks for each empty field in plain words, and checks the rest with the backend schema', () => {
    expect(validateBlock(EMPTY_BLOCK)).toEqual({
      from: 'From is required: the first day it takes no release.',
      to: 'To is required: the last day it takes no release (the same day for one).',
      reason: 'Reason is required: say why the deployment takes no release on these days.',
    });
    expect(validateBlock({ from: '2027-03-05', to: '2027-03-01', reason: 'Launch' })).toEqual({
      to: 'A blocked range must end on or after the day it starts.',
    });
    expect(validateBlock({ from: '2027-03-01', to: '2027-03-05', reason: 'Launch' })).toEqual({});
  });

  it('describes a range by its days and length, one day by its weekday', () => {
    expect(rangeSpan(range(1, '2027-03-01', '2027-03-05'))).toBe('1–5 Mar 2027');
    expect(rangeSpan(range(1, '2027-03-01', '2027-03-01'))).toBe('Mon 1 Mar 2027');
    expect(rangeLength(range(1, '2027-03-01', '2027-03-05'))).toBe('5 days');
    expect(rangeLength(range(1, '2027-03-01', '2027-03-01'))).toBe('1 day');
  });

  it('tells past, current and upcoming ranges apart, and lists the coming ones first, soonest first', () => {
    const today = '2027-03-03';
    expect(rangeTiming(range(1, '2027-03-01', '2027-03-02'), today)).toBe('past');
    expect(rangeTiming(range(1, '2027-03-03', '2027-03-03'), today)).toBe('current');
    expect(rangeTiming(range(1, '2027-03-04', '2027-03-09'), today)).toBe('upcoming');
    const sorted = sortedRanges(
      [
        range(1, '2027-01-01', '2027-01-02'),
        range(2, '2027-04-01', '2027-04-02'),
        range(3, '2027-02-01', '2027-02-02'),
        range(4, '2027-03-01', '2027-03-04'),
      ],
      today,
    );
    expect(sorted.map((r) => r.id)).toEqual([4, 2, 3, 1]);
  });

  it('names every plan the block re-planned, and every started train left to move by hand, in one sentence each', () => {
    expect(
      plannedNotices('eu-1', {
        replanned: [{ trainId: 8, version: '2027.06' }],
        plannedOnBlockedDays: [{ trainId: 7, version: '2027.05', wave: 2, date: '2027-03-25' }],
      }),
    ).toEqual([
      'Re-planned the rollout of 2027.06 to keep eu-1 off these days.',
      '2027.05 has started and keeps its plan, which has eu-1 in wave 2 on Thu 25 Mar 2027: move eu-1 to another wave by hand.',
    ]);
    expect(plannedNotices('eu-1', { replanned: [], plannedOnBlockedDays: [] })).toEqual([]);
  });
});
