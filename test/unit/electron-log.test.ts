import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LogFs, MAX_LOG_BYTES, createLog } from '../../electron/main/log';

const DIR = '/logs';

function memoryFs(sizes: Record<string, number> = {}) {
  const appended: Array<[string, string]> = [];
  const renamed: Array<[string, string]> = [];
  const fs: LogFs = {
    appendFileSync: (file, data) => void appended.push([file, data]),
    mkdirSync: () => undefined,
    statSync: (file) => {
      const size = sizes[file];
      if (size === undefined) throw new Error('ENOENT');
      return { size };
    },
    renameSync: (from, to) => void renamed.push([from, to]),
  };
  return { fs, appended, renamed };
}

describe('createLog', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('appends timestamped lines, with the stack of an error', () => {
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const { fs, appended } = memoryFs();
    const log = createLog(DIR, fs, () => new Date('2025-03-04T05:06:07.000Z'));
    log('started');
    log('deployments.list failed', new Error('boom'));
    expect(appended[0]).toEqual([path.join(DIR, 'main.log'), '[2025-03-04T05:06:07.000Z] started\n']);
    expect(appended[1]?.[1]).toMatch(/^\[2025-03-04T05:06:07.000Z\] deployments.list failed: Error: boom\n\s+at /);
  });

  it('sets a log over the size limit aside at startup', () => {
    const file = path.join(DIR, 'main.log');
    const { fs, renamed } = memoryFs({ [file]: MAX_LOG_BYTES + 1 });
    createLog(DIR, fs);
    expect(renamed).toEqual([[file, path.join(DIR, 'main.old.log')]]);
  });

  it('never throws when the disk refuses', () => {
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const { fs } = memoryFs();
    fs.appendFileSync = () => {
      throw new Error('ENOSPC');
    };
    fs.mkdirSync = () => {
      throw new Error('EACCES');
    };
    expect(() => createLog(DIR, fs)('hello')).not.toThrow();
  });
});
