import { describe, expect, it } from 'vitest';
import { parseDbArgument } from '../../electron/main/args';

// What process.argv looks like in Electron: the binary, the entry in development,
// and switches for Chromium and Node that Playwright and users add.
const DEV = ['/opt/electron/electron', 'out/main/index.js'];
const PACKAGED = ['/opt/Release Calendar/release-calendar'];

describe('parseDbArgument', () => {
  it('finds nothing when no --db is given', () => {
    expect(parseDbArgument([...DEV])).toEqual({ ok: true, path: undefined });
    expect(parseDbArgument([...PACKAGED, '--no-sandbox'])).toEqual({ ok: true, path: undefined });
  });

  it('reads --db PATH among Electron and Chromium switches', () => {
    const argv = [
      DEV[0]!,
      '--inspect=0',
      '--remote-debugging-port=0',
      DEV[1]!,
      '--db',
      '/tmp/a.db',
      '--enable-logging',
    ];
    expect(parseDbArgument(argv)).toEqual({ ok: true, path: '/tmp/a.db' });
  });

  it('reads --db=PATH, keeping any "=" inside the path', () => {
    expect(parseDbArgument([...PACKAGED, '--db=/tmp/x=y.db'])).toEqual({ ok: true, path: '/tmp/x=y.db' });
  });

  it('keeps spaces in a path', () => {
    expect(parseDbArgument([...PACKAGED, '--db', '/Users/me/Team Calendars/q3.db'])).toEqual({
      ok: true,
      path: '/Users/me/Team Calendars/q3.db',
    });
  });

  it('lets a path that starts with "-" through the --db= form', () => {
    expect(parseDbArgument([...PACKAGED, '--db=-odd.db'])).toEqual({ ok: true, path: '-odd.db' });
  });

  it('takes the last --db when several are given', () => {
    expect(parseDbArgument([...PACKAGED, '--db', 'a.db', '--db=b.db'])).toEqual({ ok: true, path: 'b.db' });
  });

  it('ignores the macOS process serial number and look-alike flags', () => {
    expect(parseDbArgument([...PACKAGED, '-psn_0_12345', '--dbx', 'x', '--database=y'])).toEqual({
      ok: true,
      path: undefined,
    });
  });

  it('treats everything after a bare -- as positional', () => {
    expect(parseDbArgument([...PACKAGED, '--', '--db', 'a.db'])).toEqual({ ok: true, path: undefined });
  });

  it.each([
    ['at the end', [...PACKAGED, '--db']],
    ['followed by another switch', [...PACKAGED, '--db', '--no-sandbox']],
    ['with an empty value', [...PACKAGED, '--db=']],
    ['followed by an empty argument', [...PACKAGED, '--db', '']],
  ])('refuses --db without a path %s', (_where, argv) => {
    const result = parseDbArgument(argv);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/--db option needs a file path/);
  });
});
