// The calendar engine must compute the same days whatever the process time zone.
// Vitest runs every file in the runner's own TZ, so this file runs the engine again
// in child Node processes, each with its own TZ, and compares what they compute
// with what this process computes. A TZ-dependent engine (local-time Dates) can
// also loop forever on a 23- or 25-hour day, so each child has a time limit.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { engineDigest } from '../helpers/engine-digest';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = 'test/helpers/engine-digest.ts';
const CHILD_TIME_LIMIT_MS = 25_000;

/** The zones, with the UTC offsets `Date#getTimezoneOffset` gives in mid-January and mid-July 2027. */
const ZONES = {
  'America/Los_Angeles': { january: 480, july: 420 },
  'Europe/London': { january: 0, july: -60 },
  'Asia/Kolkata': { january: -330, july: -330 },
  'Pacific/Chatham': { january: -825, july: -765 },
  UTC: { january: 0, july: 0 },
} as const;
type Zone = keyof typeof ZONES;

interface ChildReport {
  tz: string | null;
  offsets: { now: number; january: number; july: number };
  digest: ReturnType<typeof engineDigest>;
}

function runInZone(tz: Zone): Promise<ChildReport> {
  // Only what Node needs: no inherited TZ, NODE_OPTIONS or vitest variables.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: tz };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', SCRIPT],
      { cwd: ROOT, env, timeout: CHILD_TIME_LIMIT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const why = error.killed ? `killed after ${CHILD_TIME_LIMIT_MS} ms (an endless loop?)` : error.message;
          reject(new Error(`engine digest under TZ=${tz}: ${why}\n${stderr}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as ChildReport);
        } catch {
          reject(new Error(`engine digest under TZ=${tz} printed no JSON:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

describe('the calendar engine does not depend on the process time zone', () => {
  const zones = Object.keys(ZONES) as Zone[];
  const outcomes = new Map<Zone, PromiseSettledResult<ChildReport>>();

  /** The child's report, or its failure (a crash, no JSON, or the time limit) as this test's failure. */
  function report(z: Zone): ChildReport {
    const outcome = outcomes.get(z);
    if (outcome === undefined) throw new Error(`no child ran under TZ=${z}`);
    if (outcome.status === 'rejected') throw outcome.reason;
    return outcome.value;
  }

  beforeAll(async () => {
    const settled = await Promise.allSettled(zones.map(runInZone));
    settled.forEach((o, i) => outcomes.set(zones[i]!, o));
  }, 60_000);

  it('TZ really took effect in each child: its UTC offsets are those of its zone', () => {
    for (const z of zones) {
      const r = report(z);
      expect({ zone: z, tz: r.tz, january: r.offsets.january, july: r.offsets.july }).toEqual({
        zone: z,
        tz: z,
        ...ZONES[z],
      });
    }
    // Whatever today is, Los Angeles, Kolkata, Chatham and UTC have four different offsets.
    const now = zones.map((z) => report(z).offsets.now);
    expect(new Set(now).size).toBeGreaterThanOrEqual(4);
  });

  it('the scenario covers what it should: conflicts, moved days, skipped and cancelled trains, a year end', () => {
    const digest = engineDigest();
    const statuses = new Set(digest.trains.map((t) => t.status));
    expect(statuses).toEqual(new Set(['completed', 'skipped', 'cancelled', 'rolling_out', 'developing', 'planned']));
    expect(digest.trains.flatMap((t) => t.conflicts).length).toBeGreaterThan(0);
    expect(digest.trains.some((t) => t.start < '2027-01-01' && t.end > '2027-01-01')).toBe(true);
    expect(JSON.stringify(digest)).toContain('movedBecause');
  });

  it.each(Object.keys(ZONES) as Zone[])('under TZ=%s, the engine computes exactly what it computes here', (z) => {
    expect(report(z).digest).toEqual(engineDigest());
  });

  it('all children computed the same digest', () => {
    const texts = zones.map((z) => JSON.stringify(report(z).digest));
    expect(new Set(texts).size).toBe(1);
  });
});
