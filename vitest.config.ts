import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve each other's `src/` through this export condition, so tests never need a build.
const sourceCondition = '@loyalty-link/source';

const shared = {
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
};

function project(name: string, dir: string, extra: { setupFiles?: string[]; testTimeout?: number } = {}) {
  return {
    ...shared,
    test: {
      name,
      root: dir,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      setupFiles: ['../../test/setup/fail-on-console.ts', ...(extra.setupFiles ?? [])],
      testTimeout: extra.testTimeout ?? 10_000,
      typecheck: {
        enabled: true,
        include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'],
        tsconfig: '../../tsconfig.json',
      },
    },
  };
}

export default defineConfig({
  ...shared,
  test: {
    projects: [
      project('core', 'packages/core'),
      project('level0-push', 'packages/level0-push', {
        setupFiles: ['../../test/setup/websocket-global.ts'],
        testTimeout: 30_000,
      }),
      project('testing', 'packages/testing', { setupFiles: ['../../test/setup/websocket-global.ts'] }),
      // The example register, run whole against the simulator: a morning of sales takes a few seconds.
      project('example-node-register', 'examples/node-register', { testTimeout: 90_000 }),
    ],
  },
});
