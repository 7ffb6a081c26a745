import { describe, expect, it } from 'vitest';
import { followedWaveDates } from '../../electron/backend/services/plan-sync';

// 2027.01 on the default template: internal Mon 18 Jan, waves Wed 20, Thu 21, Mon 25, Wed 27.
const wavesOn = (dates: string[]) => dates.map((date, index) => ({ index, date }));
const waves = wavesOn(['2027-01-18', '2027-01-20', '2027-01-21', '2027-01-25', '2027-01-27']);

type Followed = Parameters<typeof followedWaveDates>[0];

// The plan of 2027.01 on a calendar: internal day Mon 18 and a one-day bake unless a case says otherwise.
function followed(calendar: Pick<Followed, 'keep' | 'releaseDays'> & Partial<Followed>) {
  return followedWaveDates({ waves, internalDay: '2027-01-18', bakeDays: 1, ...calendar });
}

describe('followedWaveDates: the days a stored plan takes on the current calendar', () => {
  it('a plan nothing has started takes the internal day and the wave days by position', () => {
    expect(
      followed({
        keep: -1,
        internalDay: '2027-01-25',
        releaseDays: ['2027-01-27', '2027-01-28', '2027-02-01', '2027-02-03'],
      }),
    ).toEqual(['2027-01-25', '2027-01-27', '2027-01-28', '2027-02-01', '2027-02-03']);
  });

  it('started waves keep their days even when the calendar moved them; a wave to come never lands on or before them', () => {
    // Wed 20 frozen after wave 1 happened on it: the release days are now Thu 21, Fri 22, Mon 25, Wed 27.
    const afterFreeze = followed({ keep: 1, releaseDays: ['2027-01-21', '2027-01-22', '2027-01-25', '2027-01-27'] });
    expect(afterFreeze).toEqual(['2027-01-18', '2027-01-20', '2027-01-22', '2027-01-25', '2027-01-27']);
    // Planned around a holiday on Wed 20 (waves Thu 21, Fri 22, Mon 25, Wed 27); the holiday is then removed.
    const aroundHoliday = wavesOn(['2027-01-18', '2027-01-21', '2027-01-22', '2027-01-25', '2027-01-27']);
    const input = { waves: aroundHoliday, releaseDays: ['2027-01-20', '2027-01-21', '2027-01-25', '2027-01-27'] };
    // Wave 2 happened on Fri 22: waves 3 and 4 keep their own days.
    expect(followed({ ...input, keep: 2 })).toEqual(aroundHoliday.map((w) => w.date));
    // Only wave 1 happened, on Thu 21: wave 2 cannot take its day by position (Thu 21), so it takes
    // the next one (Mon 25), wave 3 Wed 27, and wave 4 has none left.
    expect(followed({ ...input, keep: 1 })).toBeNull();
  });

  it('waves to come keep the bake after the last started wave', () => {
    expect(
      followed({
        keep: 1,
        releaseDays: ['2027-01-20', '2027-01-21', '2027-01-25', '2027-01-27', '2027-01-29'],
        bakeDays: 2,
      }),
    ).toEqual(['2027-01-18', '2027-01-20', '2027-01-25', '2027-01-27', '2027-01-29']);
  });

  it('null when the waves to come run out of days', () => {
    expect(followed({ keep: 1, releaseDays: ['2027-01-20', '2027-01-27', '2027-01-28'] })).toBeNull();
  });
});
