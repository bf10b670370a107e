import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the TypeScript so that Nest gets the decorator metadata esbuild drops.
const plugins = [swc.vite({ module: { type: 'es6' } })];

export default defineConfig({
  test: {
    projects: [
      {
        plugins,
        test: {
          name: 'unit',
          include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
          exclude: ['test/**/*.e2e-spec.ts'],
          environment: 'node',
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
          setupFiles: ['reflect-metadata'],
        },
      },
    ],
  },
});
