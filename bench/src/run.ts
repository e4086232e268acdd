// Runs every benchmark in its own process (so memory figures are not polluted by the others) and
// passes `--quick` through. `pnpm bench -- --filter transport` runs the ones whose file name matches.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./benches/', import.meta.url));
const args = process.argv.slice(2);
const filterAt = args.indexOf('--filter');
const filter = filterAt >= 0 ? args[filterAt + 1] : undefined;
const passThrough = args.includes('--quick') ? ['--quick'] : [];

const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filter === undefined || file.includes(filter))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`# ${file}`);
  const run = spawnSync(
    process.execPath,
    ['--conditions=@loyalty-link/source', '--import', 'tsx', '--expose-gc', `${dir}${file}`, ...passThrough],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) {
    failed += 1;
    console.error(`benchmark ${file} failed with exit code ${run.status}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
