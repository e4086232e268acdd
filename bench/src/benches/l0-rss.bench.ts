// l0.rss_mib.1m_queued: resident memory of a process whose push client has 1,000,000 sales waiting in its
// SQLite outbox (target ≤ 150 MiB), beside the same with 1,000 waiting: it stays flat, because nothing
// reads more than a page of the queue and status() reads a row of counters. Measured twice: offline (the
// queue held, the client backing off) and draining at full speed, where the figure is the garbage of
// delivery (request bodies, ky's request clones) and V8's heap growth, not the queue; a leak in delivery
// shows there as growth with the number delivered in the window.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { quick, report, size } from '../result';
import { startSink } from '../support/processes';

const queued = size(1_000_000, 10_000);
const baseline = 1_000;
const seconds = quick ? 2 : 5;
const dir = mkdtempSync(join(tmpdir(), 'll-bench-rss-'));
const script = (name: string) => fileURLToPath(new URL(`../support/${name}`, import.meta.url));
const node = (args: string[]): string => {
  const run = spawnSync(process.execPath, ['--conditions=@loyalty-link/source', '--import', 'tsx', ...args], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${args[0]} failed: ${run.stderr}`);
  return run.stdout;
};

// The probe runs as a register would: bundled JavaScript on plain Node, not TypeScript through tsx (whose
// transpiler would add its own memory to the figure).
// Bundled inside the bench package, so its one external (better-sqlite3) resolves from node_modules.
const probe = fileURLToPath(new URL('../../node_modules/.cache/rss-probe.mjs', import.meta.url));
await build({
  entryPoints: [script('rss-probe.ts')],
  outfile: probe,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['@loyalty-link/source'],
  external: ['better-sqlite3'],
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'silent',
});
const plainNode = (args: string[]): string => {
  const run = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  if (run.status !== 0) throw new Error(`probe failed: ${run.stderr}`);
  return run.stdout;
};

const sink = await startSink();
// A port nothing listens on: the client is offline and backs off, the queue stays whole.
const offlineUrl = 'http://127.0.0.1:9';

function fill(count: number): { path: string; fileMiB: number } {
  const path = join(dir, `queue-${count}.db`);
  node([script('fill-outbox.ts'), path, String(count)]);
  return { path, fileMiB: statSync(path).size / 1024 / 1024 };
}

function probeRss(path: string, url: string): { rssMiB: number; delivered: number; depth: number } {
  const [, rss, delivered, depth] = plainNode([probe, path, url, String(seconds)])
    .trim()
    .split(' ');
  return { rssMiB: Number(rss), delivered: Number(delivered), depth: Number(depth) };
}

const smallQueue = fill(baseline);
const largeQueue = fill(queued);
// Offline (the queue stays whole) on a copy of each queue, and delivering at full speed on the original:
// a queue the offline client backed off on would make the draining client wait out those backoffs first.
const offlineCopy = (path: string): string => {
  copyFileSync(path, `${path}.offline`);
  return `${path}.offline`;
};
const smallOffline = probeRss(offlineCopy(smallQueue.path), offlineUrl);
const largeOffline = probeRss(offlineCopy(largeQueue.path), offlineUrl);
const small = probeRss(smallQueue.path, sink.url);
const large = probeRss(largeQueue.path, sink.url);
await sink.stop();
rmSync(dir, { recursive: true, force: true });

report({
  name: 'l0.rss_mib.1m_queued',
  value: largeOffline.rssMiB,
  unit: 'MiB',
  queued,
  target: 150,
  note: 'the client holds the queue while the platform is unreachable (backing off)',
  outbox_file_mib: Math.round(largeQueue.fileMiB),
  quick,
});
report({
  name: 'l0.rss_mib.1m_queued.draining',
  value: large.rssMiB,
  unit: 'MiB',
  queued,
  target: 150,
  note: 'peak while delivering to the sink at full speed',
  delivered_while_measured: large.delivered,
  quick,
});
report({
  name: 'l0.rss_mib.1k_queued',
  value: smallOffline.rssMiB,
  unit: 'MiB',
  queued: baseline,
  note: 'offline',
  quick,
});
report({
  name: 'l0.rss_mib.1k_queued.draining',
  value: small.rssMiB,
  unit: 'MiB',
  queued: baseline,
  delivered_while_measured: small.delivered,
  quick,
});
