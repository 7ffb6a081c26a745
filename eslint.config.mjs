// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'url',
  'util',
  'stream',
  'worker_threads',
];

/** The process boundaries (docs/architecture.md), as lint errors. */
const boundaries = {
  shared: {
    patterns: [
      {
        group: NODE_BUILTINS,
        message: 'shared/ is pure domain code: no Node built-ins (it runs in the renderer too).',
      },
      { group: ['electron', 'electron/*'], message: 'shared/ must not import Electron.' },
      { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'shared/ must not import React.' },
      { group: ['better-sqlite3'], message: 'shared/ must not touch the database.' },
      {
        group: ['**/electron/**', '**/renderer/**', '../electron/*', '../renderer/*'],
        message: 'shared/ must not import from electron/ or renderer/.',
      },
    ],
  },
  renderer: {
    patterns: [
      { group: ['electron', 'electron/*'], message: 'The renderer talks to the backend only through the API client.' },
      {
        group: ['**/electron/**', '../electron/*', '../../electron/*'],
        message: 'renderer/ must not import from electron/; put shared code in shared/.',
      },
      { group: NODE_BUILTINS, message: 'The renderer runs in a sandboxed page: no Node built-ins.' },
      { group: ['better-sqlite3'], message: 'The renderer must not touch the database.' },
    ],
  },
  backend: {
    patterns: [
      {
        group: ['electron', 'electron/*'],
        message:
          'The backend, CLI, browser host and team server run in plain Node: no Electron imports (only electron/main and electron/preload may).',
      },
      { group: ['**/renderer/**'], message: 'The Node side must not import the renderer.' },
    ],
  },
};

/** Feature services: the dispatcher (and the demo it composes) calls them; no service imports one. */
const FEATURE_SERVICES = [
  'audit-trail',
  'calendar',
  'demo-rollout',
  'export',
  'feeds',
  'fleet',
  'gates',
  'halts',
  'notifications',
  'rollout',
  'steps',
  'team-accounts',
];

const noRepositories = {
  group: ['**/repositories/*', '**/repositories'],
  message: 'Hosts and the dispatcher reach the database through services only (dispatcher → services → repositories).',
};

export default tseslint.config(
  {
    ignores: [
      '.tmp/**',
      'native/**',
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    // Type-aware checks: a switch over a union names every case, no promise is dropped
    // unawaited, and no condition tests what the types say cannot vary.
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unnecessary-condition': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', boundaries.shared] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, 'no-restricted-imports': ['error', boundaries.renderer] },
  },
  {
    files: ['electron/backend/**/*.ts', 'electron/cli/**/*.ts', 'electron/host/**/*.ts', 'electron/server/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': ['error', boundaries.backend] },
  },
  {
    // The layers below the process boundaries: hosts and the dispatcher never touch repositories.
    files: [
      'electron/backend/dispatcher.ts',
      'electron/backend/demo-seed.ts',
      'electron/backend/feed-fetch.ts',
      'electron/backend/process/**/*.ts',
      'electron/cli/**/*.ts',
      'electron/host/**/*.ts',
      'electron/server/**/*.ts',
      'electron/backend/team-access.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [...boundaries.backend.patterns, noRepositories] }] },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRepositories] }] },
  },
  {
    // Services depend downward only: a service imports helpers (train views, tracking read
    // models, the plan sync and refresh, the planning core), never a feature service.
    files: ['electron/backend/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...boundaries.backend.patterns,
            {
              group: FEATURE_SERVICES.map((name) => `./${name}`),
              message:
                'A service never imports a feature service: move what both need into a helper (train-views, tracking-views, plan-sync, plan-refresh, patch-plans, rollout-planning, kpis), or compose them in the dispatcher.',
            },
          ],
        },
      ],
    },
  },
  {
    // The sandboxed preload bundles what it imports: Electron and the zod-free name lists only.
    files: ['electron/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|(\\.\\./)+shared/(method-names|app-commands)$)',
              allowTypeImports: true,
              message:
                'The preload imports only electron and the method names (shared/method-names, shared/app-commands).',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'electron/main/**/*.ts',
      'electron/preload/**/*.ts',
      'test/**/*.ts',
      'scripts/**/*.{js,mjs,ts}',
      'bin/**/*.js',
      '*.config.{js,ts,mjs}',
      '*.mjs',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
