// core.bundle_kib_gz: the browser bundle of all of @loyalty-link/core, minified and gzipped, beside the
// anchors that decided the schema library: classic zod (`import { z } from 'zod'`) and zod/mini alone.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { report } from '../result';

async function gzippedKiB(contents: string, label: string): Promise<number> {
  const result = await build({
    stdin: { contents, resolveDir: new URL('.', import.meta.url).pathname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@loyalty-link/source'],
    write: false,
    logLevel: 'silent',
    metafile: false,
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`no output for ${label}`);
  return gzipSync(output.contents, { level: 9 }).length / 1024;
}

const core = await gzippedKiB("export * from '@loyalty-link/core';", 'core');
// What a register that only records sales pulls in: validation, keys, errors.
const recordOnly = await gzippedKiB(
  "export { parseTransaction, transactionIdempotencyKey, isLoyaltyLinkError } from '@loyalty-link/core';",
  'record-only',
);
const zodClassic = await gzippedKiB("import { z } from 'zod'; export const s = z.object({ a: z.string() });", 'zod');
const zodMini = await gzippedKiB(
  "import * as z from 'zod/mini'; export const s = z.object({ a: z.string() });",
  'zod/mini',
);

report({ name: 'core.bundle_kib_gz', value: core, unit: 'KiB', budget_level2_total: 25 });
report({ name: 'core.bundle_record_only_kib_gz', value: recordOnly, unit: 'KiB' });
report({ name: 'core.anchor.zod_classic_kib_gz', value: zodClassic, unit: 'KiB' });
report({ name: 'core.anchor.zod_mini_kib_gz', value: zodMini, unit: 'KiB' });
