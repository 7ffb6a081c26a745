import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS, COMMAND_SUMMARIES, loadCommand } from '../../electron/cli/command-index';
import { exportFileName } from '../../shared/export/formats';

// The CLI starts with the command index alone (--help prints it) and loads a command's module
// when the command runs: the index must name exactly the commands each module defines.

describe('the command index', () => {
  it('lists exactly the commands of each module, in the order the module defines them', async () => {
    for (const group of COMMAND_GROUPS) {
      expect(Object.keys(await group.load())).toEqual(Object.keys(group.summaries));
    }
  });

  it('names each command once, and --help lists them group after group', () => {
    const names = COMMAND_GROUPS.flatMap((g) => Object.keys(g.summaries));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(COMMAND_SUMMARIES)).toEqual(names);
  });

  it('loads a command from the module that defines it', async () => {
    expect((await loadCommand('trains list')).usage).toMatch(/^trains list /);
    expect((await loadCommand('export')).usage).toMatch(/^export /);
  });

  it('names the files that publish keeps up to date', () => {
    for (const format of ['ics', 'csv', 'json', 'atom'] as const) {
      expect(COMMAND_SUMMARIES.publish).toContain(exportFileName(format, { kind: 'all' }));
    }
  });
});
