import path from 'node:path';
import { startBackend, type Backend } from '../../electron/backend/backend';
import type { Result } from '../../shared/contract';
import type { MethodName } from '../../shared/method-names';
import type { Role } from '../../shared/method-roles';

/** A clock the test moves by hand (sessions expire, sign-in waits end). */
export interface ManualClock {
  now: () => Date;
  ms: () => number;
  advance: (ms: number) => void;
}

export function manualClock(start = '2027-03-01T09:00:00.000Z'): ManualClock {
  let at = Date.parse(start);
  return { now: () => new Date(at), ms: () => at, advance: (ms) => (at += ms) };
}

export interface TeamBackend extends Backend {
  file: string;
  /** A call as the file's owner (no role check), that must succeed. */
  call: <M extends MethodName>(method: M, input: unknown) => Promise<Result<M>>;
  /** Adds a user through the API. */
  addUser: (name: string, role: Role, password?: string) => Promise<void>;
}

export const PASSWORD = 'correct horse battery staple';

/** A real backend on a new file in `dir`, on a clock the test moves. */
export function openTeamBackend(dir: string, clock: ManualClock): TeamBackend {
  const file = path.join(dir, 'team.db');
  const backend = startBackend({
    dbPath: file,
    transport: 'browser',
    version: '0.0.0-test',
    actor: 'owner',
    now: clock.now,
  });
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<Result<M>> => {
    const answer = await backend.dispatch(method, input);
    if (!answer.ok) throw new Error(`${method}: ${answer.error.code}: ${answer.error.message}`);
    return answer.result as Result<M>;
  };
  return {
    ...backend,
    accounts: backend.accounts,
    dispatch: backend.dispatch,
    close: backend.close,
    get database() {
      return backend.database;
    },
    get reader() {
      return backend.reader;
    },
    file,
    call,
    addUser: async (name, role, password = PASSWORD) => {
      await call('users.add', { name, role, password });
    },
  };
}
