import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', sqlite: 'src/sqlite.ts', indexeddb: 'src/indexeddb.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  external: ['better-sqlite3', 'node:fs', 'node:path', 'node:os', 'node:crypto'],
});
