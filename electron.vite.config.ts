import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      // zod is bundled, not required from node_modules: its package loads every locale at start,
      // which cost a CLI run about 30 ms, and the bundle keeps only the English messages it uses.
      externalizeDeps: { exclude: ['zod'] },
      // One Node bundle set: the Electron main process and its backend process (a
      // utilityProcess), and beside them the Electron-free CLI and browser-mode host
      // that share the backend. Beside them the simulation worker, a thread those three start
      // from out/main/simulate-worker.js (electron/backend/workers/simulate-pool.ts).
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          backend: resolve(__dirname, 'electron/backend/process/utility-entry.ts'),
          cli: resolve(__dirname, 'electron/cli/main.ts'),
          host: resolve(__dirname, 'electron/host/main.ts'),
          'simulate-worker': resolve(__dirname, 'electron/backend/workers/simulate-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() packages: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
