// Checks every publishable package the way a consumer meets it: publint on the package layout, "are the
// types wrong" on the packed tarball (ESM, CJS, node16 and bundler resolution, and node10, which many
// Electron and older TypeScript projects still use: it ignores `exports`, so subpaths need `typesVersions`),
// and require() of the CommonJS entry on a Node without require() of ES modules.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
let failed = false;

for (const name of readdirSync(packagesDir)) {
  const dir = join(packagesDir, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  // A register's CommonJS code must load the runtime packages without Node's require() of ES modules
  // (Node 20.11–20.18, Electron). The testing package is left out: msw's own CommonJS build needs it.
  const requireCjs = `require(${JSON.stringify(join(dir, manifest.exports['.'].require.default))})`;
  const checks = [
    ['publint', 'pnpm', ['exec', 'publint', '--strict', dir]],
    ['attw', 'pnpm', ['exec', 'attw', '--pack', dir, '--format', 'ascii']],
  ];
  if (manifest.peerDependencies?.msw === undefined) {
    checks.push(['require', process.execPath, ['--no-experimental-require-module', '-e', requireCjs]]);
  }
  for (const [label, command, args] of checks) {
    const run = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`.trim();
    if (run.status === 0) {
      console.log(`ok   ${label} ${manifest.name}`);
    } else {
      failed = true;
      console.log(`FAIL ${label} ${manifest.name}\n${output}`);
    }
  }
}
process.exit(failed ? 1 : 0);
