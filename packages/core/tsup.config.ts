import { defineConfig } from 'tsup';

const shared = {
  entry: { index: 'src/index.ts' },
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
} as const;

export default defineConfig([
  { ...shared, format: ['esm'], dts: true, clean: true },
  // ky is published as ES modules only: `require()` of it needs Node 20.19, and Electron's Node is often
  // older. The CommonJS build carries its own copy, so `require('@loyalty-link/core')` works from 20.11.
  { ...shared, format: ['cjs'], dts: true, noExternal: ['ky'] },
]);
