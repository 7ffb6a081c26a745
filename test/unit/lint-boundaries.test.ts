import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The process boundaries of DESIGN.md §4 are lint errors: these tests lint small
// snippets as if they lived in each folder and expect the rule to fire (or not).
const ROOT = path.resolve(__dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint enforces the process boundaries', () => {
  it.each([
    ["import fs from 'node:fs';", 'no Node built-ins'],
    ["import path from 'path';", 'no Node built-ins'],
    ["import { app } from 'electron';", 'must not import Electron'],
    ["import { useState } from 'react';", 'must not import React'],
    ["import Database from 'better-sqlite3';", 'must not touch the database'],
    ["import { startBackend } from '../electron/backend/backend';", 'must not import from electron/ or renderer/'],
  ])('shared/ may not: %s', async (line, message) => {
    const errors = await boundaryErrors('shared/probe.ts', `${line}\nexport const probe = 1;\n`);
    expect(errors.join(' ')).toContain(message);
  });

  it('shared/ may import zod and its own modules', async () => {
    expect(
      await boundaryErrors(
        'shared/probe.ts',
        "import { z } from 'zod';\nimport { TIERS } from './deployment';\nexport const probe = [z, TIERS];\n",
      ),
    ).toEqual([]);
  });

  it.each([
    ["import { ipcRenderer } from 'electron';", 'only through the API client'],
    ["import { startBackend } from '../../electron/backend/backend';", 'must not import from electron/'],
    ["import fs from 'node:fs';", 'no Node built-ins'],
  ])('renderer/ may not: %s', async (line, message) => {
    const errors = await boundaryErrors('renderer/src/probe.ts', `${line}\nexport const probe = 1;\n`);
    expect(errors.join(' ')).toContain(message);
  });

  it.each(['electron/backend/probe.ts', 'electron/cli/probe.ts', 'electron/host/probe.ts'])(
    '%s may not import Electron (it runs in plain Node)',
    async (file) => {
      const errors = await boundaryErrors(file, "import { app } from 'electron';\nexport const probe = app;\n");
      expect(errors.join(' ')).toContain('plain Node');
    },
  );

  it('the Electron main process may import Electron', async () => {
    expect(
      await boundaryErrors('electron/main/probe.ts', "import { app } from 'electron';\nexport const probe = app;\n"),
    ).toEqual([]);
  });
});
