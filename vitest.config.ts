import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the TypeScript so that Nest gets the decorator metadata esbuild drops.
const plugins = [swc.vite({ module: { type: 'es6' } })];

// Log lines reach vitest through `console` (test/support/console-logs.ts, test-app.ts): it
// prints them only under a test that failed, or every one when LOG_LEVEL is set
// (`LOG_LEVEL=debug npm test`).
const silent = process.env.LOG_LEVEL ? false : 'passed-only';
const setupFiles = ['./test/support/console-logs.ts'];

export default defineConfig({
  test: {
    silent,
    projects: [
      {
        plugins,
        test: {
          name: 'unit',
          include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
          exclude: ['test/**/*.e2e-spec.ts'],
          environment: 'node',
          setupFiles,
        },
      },
      {
        plugins,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e-spec.ts'],
          environment: 'node',
          // Each file boots its own app and database; PGlite needs a few seconds to start.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          setupFiles: ['reflect-metadata', ...setupFiles],
        },
      },
    ],
  },
});
