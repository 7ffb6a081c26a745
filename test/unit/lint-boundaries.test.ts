import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The process boundaries and layers (docs/architecture.md) are lint errors: these tests lint small
// snippets as if they lived in each folder and expect the rule to fire (or not).
const ROOT = path.resolve(__dirname, '../..');
let eslint: ESLint;
let typedEslint: ESLint;

beforeAll(() => {
  // The probes are files that do not exist, so no TypeScript project holds them: the boundary
  // rules need no types. The type-aware rules are probed on the path of a real module instead.
  eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });
  typedEslint = new ESLint({ cwd: ROOT });
});

/** Lints `code` as the content of `file`; a snippet that does not even parse fails the test. */
async function lint(linter: ESLint, file: string, code: string): Promise<ESLint.LintResult['messages']> {
  const [result] = await linter.lintText(code, { filePath: path.join(ROOT, file) });
  const messages = result?.messages ?? [];
  expect(messages.filter((m) => m.fatal === true)).toEqual([]);
  return messages;
}

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  return (await lint(eslint, file, code))
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

/** Lints `line` as the import of a probe at `file` and expects the boundary's error. */
async function expectRefused(file: string, line: string, message: string): Promise<void> {
  const errors = await boundaryErrors(file, `${line}\nexport const probe = 1;\n`);
  expect(errors.join(' ')).toContain(message);
}

describe('lint enforces the process boundaries', () => {
  it.each([
    ["import fs from 'node:fs';", 'no Node built-ins'],
    ["import path from 'path';", 'no Node built-ins'],
    ["import { app } from 'electron';", 'must not import Electron'],
    ["import { useState } from 'react';", 'must not import React'],
    ["import Database from 'better-sqlite3';", 'must not touch the database'],
    ["import { startBackend } from '../electron/backend/backend';", 'must not import from electron/ or renderer/'],
  ])('shared/ may not: %s', (line, message) => expectRefused('shared/probe.ts', line, message));

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
  ])('renderer/ may not: %s', (line, message) => expectRefused('renderer/src/probe.ts', line, message));

  it.each(['electron/backend/probe.ts', 'electron/cli/probe.ts', 'electron/host/probe.ts', 'electron/server/probe.ts'])(
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

  it.each([
    'electron/backend/dispatcher.ts',
    'electron/backend/demo-seed.ts',
    'electron/backend/process/probe.ts',
    'electron/cli/probe.ts',
    'electron/host/probe.ts',
    'electron/server/probe.ts',
    'electron/backend/team-access.ts',
    'electron/backend/feed-fetch.ts',
    'electron/main/probe.ts',
  ])('%s reaches the database through services only, never a repository', async (file) => {
    const errors = await boundaryErrors(
      file,
      "import { listHolidays } from '../backend/repositories/rules';\nexport const probe = listHolidays;\n",
    );
    expect(errors.join(' ')).toContain('through services only');
  });

  it('a service never imports a feature service, only helpers', async () => {
    const file = 'electron/backend/services/probe.ts';
    for (const feature of ['./calendar', './tracking-views', './gates', './rollout', './fleet', './feeds']) {
      const errors = await boundaryErrors(file, `import * as m from '${feature}';\nexport const probe = m;\n`);
      if (feature === './tracking-views') expect(errors, feature).toEqual([]);
      else expect(errors.join(' '), feature).toContain('never imports a feature service');
    }
    expect(
      await boundaryErrors(
        file,
        "import { viewOf } from './train-views';\nimport { saveFreshPlan } from './rollout-planning';\nexport const probe = [viewOf, saveFreshPlan];\n",
      ),
    ).toEqual([]);
  });

  it('the preload imports only Electron and the name lists (types aside)', async () => {
    const file = 'electron/preload/probe.ts';
    const errors = await boundaryErrors(
      file,
      "import { contract } from '../../shared/contract';\nexport const probe = contract;\n",
    );
    expect(errors.join(' ')).toContain('imports only electron and the method names');
    expect((await boundaryErrors(file, "import { z } from 'zod';\nexport const probe = z;\n")).join(' ')).toContain(
      'imports only electron',
    );
    expect(
      await boundaryErrors(
        file,
        "import { ipcRenderer } from 'electron';\nimport type { Api } from '../../shared/contract';\nimport { METHOD_NAMES } from '../../shared/method-names';\nexport const probe: [unknown, Api | null, unknown] = [ipcRenderer, null, METHOD_NAMES];\n",
      ),
    ).toEqual([]);
  });
});

describe('type-aware lint rules', () => {
  const TYPE_AWARE_RULES = [
    '@typescript-eslint/switch-exhaustiveness-check',
    '@typescript-eslint/no-floating-promises',
    '@typescript-eslint/no-unnecessary-condition',
  ];

  /** The type-aware findings in `code`, linted as if it were the content of an existing module of shared/. */
  async function typeAwareFindings(code: string): Promise<string[]> {
    const messages = await lint(typedEslint, 'shared/days.ts', code);
    return messages.flatMap((m) => (m.ruleId !== null && TYPE_AWARE_RULES.includes(m.ruleId) ? [m.ruleId] : []));
  }

  it.each([
    [
      '@typescript-eslint/switch-exhaustiveness-check',
      "export function rank(kind: 'a' | 'b'): number {\n  switch (kind) {\n    case 'a':\n      return 1;\n  }\n  return 0;\n}\n",
    ],
    [
      '@typescript-eslint/no-floating-promises',
      'export async function later(): Promise<number> {\n  return 1;\n}\nlater();\n',
    ],
    [
      '@typescript-eslint/no-unnecessary-condition',
      "export function named(name: string): string {\n  return name ?? 'none';\n}\n",
    ],
  ])('%s fires', async (rule, code) => {
    expect(await typeAwareFindings(code)).toEqual([rule]);
  });

  it('passes code that names every case, awaits its promises and tests only what may vary', async () => {
    const code = [
      "export function rank(kind: 'a' | 'b'): number {",
      '  switch (kind) {',
      "    case 'a':",
      '      return 1;',
      "    case 'b':",
      '      return 2;',
      '  }',
      '}',
      'export async function later(): Promise<number> {',
      '  return 1;',
      '}',
      'export async function twice(): Promise<number> {',
      '  return (await later()) * 2;',
      '}',
      "export function named(name: string | null): string {\n  return name ?? 'none';\n}",
      '',
    ].join('\n');
    expect(await typeAwareFindings(code)).toEqual([]);
  });
});
