import path from 'node:path';
import { expect } from 'vitest';
import { startBackend, type Backend } from '../../electron/backend/backend';
import type { Input, Result } from '../../shared/contract';
import type { ApiError } from '../../shared/errors';
import type { MethodName } from '../../shared/method-names';
import { dumpDatabase } from './db';

/** The small fleet of the rollout tests: one internal, a pairing group, a government deployment pinned late. */
export const TRACKING_FLEET_CSV = [
  'key,name,region,time_zone,tier,weight,pairing_group,pin_policy,internal',
  'corp,Corporate,us-east,America/New_York,standard,10,,none,true',
  'us-1,US 1,us-east,America/New_York,standard,100,us-pair,none,false',
  'us-2,US 2,us-east,America/New_York,standard,100,us-pair,none,false',
  'eu-1,EU 1,eu-west,Europe/Dublin,standard,100,,none,false',
  'eu-2,EU 2,eu-west,Europe/Dublin,standard,100,,none,false',
  'ap-1,AP 1,ap-south,Asia/Kolkata,standard,100,,none,false',
  'gov-1,Gov 1,us-east,America/New_York,government,100,,late,false',
].join('\n');

export interface Clock {
  now: () => Date;
  set: (iso: string) => void;
  advanceHours: (hours: number) => void;
}

export function settableClock(start: string): Clock {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = Date.parse(iso);
    },
    advanceHours: (h) => {
      t += h * 3_600_000;
    },
  };
}

export interface TrackingBackend extends Backend {
  file: string;
  clock: Clock;
  /** Calls a method and returns its result; fails the test on an error. */
  call: <M extends MethodName>(method: M, input: Input<M>) => Promise<Result<M>>;
  /** Calls a method that must be refused; returns the error and checks that nothing in the database changed. */
  refuse: <M extends MethodName>(method: M, input: Input<M>) => Promise<ApiError>;
}

/** A real backend on a new file in `dir`, with a clock the test sets, "today" in UTC, and a fixed actor. */
export function openTrackingBackend(dir: string, start: string, actor = 'release-manager'): TrackingBackend {
  const file = path.join(dir, 'tracking.db');
  const clock = settableClock(start);
  const backend = startBackend({
    dbPath: file,
    transport: 'cli',
    version: '0.0.0-test',
    actor,
    now: clock.now,
    timeZone: 'UTC',
    logError: (method, err) => {
      throw new Error(`${method} failed unexpectedly: ${err instanceof Error ? err.stack : String(err)}`);
    },
  });
  const db = backend.database.db;
  return {
    ...backend,
    file,
    clock,
    async call(method, input) {
      const r = await backend.dispatch(method, input);
      if (!r.ok) throw new Error(`${method} was refused: ${r.error.message}`);
      return r.result as never;
    },
    async refuse(method, input) {
      const before = dumpDatabase(db);
      const r = await backend.dispatch(method, input);
      expect(r.ok, `${method} should have been refused`).toBe(false);
      expect(dumpDatabase(db), `${method} was refused but changed the database`).toEqual(before);
      return (r as { ok: false; error: ApiError }).error;
    },
  };
}
