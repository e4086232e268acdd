// l0.record.sqlite.p99_ms: latency of record() into a SQLite outbox when 50 callers record at the same
// moment (checkout lanes or registers sharing one client), while delivery runs against a loopback sink;
// target ≤ 2 ms. Group commit is what keeps it low: the 50 records share one transaction and one sync.
//
// Beside it, in the same run:
// - the same 50 callers in a closed loop (each records again as soon as its record resolved): saturation,
//   where latency is queueing, 50 / throughput (Little's law);
// - the limits: raw better-sqlite3 inserting the same payloads, one transaction per row, and one
//   transaction per 50 rows (what a group commit of 50 callers writes at least, with no checkpoint ever).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPushClient, type PushClient } from '@loyalty-link/level0-push';
import { sqliteOutbox } from '@loyalty-link/level0-push/sqlite';
import Database from 'better-sqlite3';
import { percentile, quick, report, size } from '../result';
import { startSink } from '../support/processes';
import { benchSale } from '../support/sales';

const total = size(20_000, 1_000);
const callers = 50;
const dir = mkdtempSync(join(tmpdir(), 'll-bench-record-'));
const sink = await startSink();
let serial = 0;

function client(label: string, deliver: boolean): PushClient {
  return createPushClient({
    platform: { baseUrl: sink.url, apiKey: 'll_test_bench_key_000001' },
    storeId: 'ams-01',
    registerId: `reg-${label}`,
    outbox: sqliteOutbox(join(dir, `${label}.db`)),
    autoStart: deliver,
  });
}

type Sale = ReturnType<typeof benchSale>;

function nextSale(): Sale {
  const n = serial++;
  return benchSale(`S-${n}`, n);
}

async function timed(register: PushClient, latencies: number[], sale: Sale = nextSale()): Promise<void> {
  const started = process.hrtime.bigint();
  await register.record(sale);
  latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
}

/**
 * Bursts: 50 records issued at once, then a pause of 0–10 ms, as lanes finish checkouts together. Each
 * caller has its sale in hand before the burst starts, so a caller's latency holds the records (its own and
 * those issued before it in the burst), not the benchmark building the other callers' sales.
 */
async function bursts(register: PushClient): Promise<number[]> {
  const latencies: number[] = [];
  for (let done = 0; done < total; done += callers) {
    const sales = Array.from({ length: callers }, nextSale);
    await Promise.all(sales.map((sale) => timed(register, latencies, sale)));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
  }
  return latencies;
}

/** Closed loop: each of the 50 callers records again as soon as its last record resolved. */
async function saturated(register: PushClient): Promise<{ latencies: number[]; perSecond: number }> {
  const latencies: number[] = [];
  let started = 0;
  const begin = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (started++ < total) await timed(register, latencies);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  return { latencies, perSecond: latencies.length / seconds };
}

async function run<T>(label: string, deliver: boolean, body: (register: PushClient) => Promise<T>): Promise<T> {
  const register = client(label, deliver);
  for (let i = 0; i < 300; i++) await timed(register, []); // warm up statements and the JIT
  const result = await body(register);
  await register.closeAndFlush({ timeoutMs: 15_000 });
  return result;
}

const burstDelivering = await run('burst-delivering', true, bursts);
const burstRecording = await run('burst-recording', false, bursts);
const loop = await run('loop-delivering', true, saturated);

// The limit: the same payloads straight into SQLite, one row per transaction, nothing else.
const db = new Database(join(dir, 'raw.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE, payload TEXT)');
const insert = db.prepare('INSERT INTO entries (key, payload) VALUES (?, ?)');
const raw: number[] = [];
for (let n = 0; n < total; n++) {
  const payload = JSON.stringify(benchSale(`S-${n}`, n));
  const started = process.hrtime.bigint();
  insert.run(`k-${n}`, payload);
  raw.push(Number(process.hrtime.bigint() - started) / 1e6);
}
// The floor of a group commit: the same 50 rows a burst writes, in one transaction, nothing else (the log
// is never checkpointed, which only flatters the floor).
db.pragma('wal_autocheckpoint = 0');
const insertGroup = db.transaction((rows: readonly string[], first: number) => {
  rows.forEach((payload, index) => {
    insert.run(`g-${first + index}`, payload);
  });
});
const rawGroups: number[] = [];
for (let first = 0; first < total; first += callers) {
  const rows = Array.from({ length: callers }, (_, index) => JSON.stringify(benchSale(`G-${first + index}`, index)));
  const started = process.hrtime.bigint();
  insertGroup.immediate(rows, first);
  rawGroups.push(Number(process.hrtime.bigint() - started) / 1e6);
}
db.close();
await sink.stop();
rmSync(dir, { recursive: true, force: true });

const context = { callers, records: total, quick, payload_lines: 4 };
report({
  name: 'l0.record.sqlite.p99_ms',
  value: percentile(burstDelivering, 99),
  unit: 'ms',
  target: 2,
  pattern: 'bursts of 50',
  delivery: 'running',
  ...context,
});
report({
  name: 'l0.record.sqlite.p50_ms',
  value: percentile(burstDelivering, 50),
  unit: 'ms',
  pattern: 'bursts of 50',
  delivery: 'running',
  ...context,
});
report({
  name: 'l0.record.sqlite.no_delivery.p99_ms',
  value: percentile(burstRecording, 99),
  unit: 'ms',
  pattern: 'bursts of 50',
  ...context,
});
report({
  name: 'l0.record.sqlite.saturated.p99_ms',
  value: percentile(loop.latencies, 99),
  unit: 'ms',
  pattern: 'closed loop of 50',
  delivery: 'running',
  ...context,
});
report({
  name: 'l0.record.sqlite.saturated.per_s',
  value: loop.perSecond,
  unit: 'records/s',
  pattern: 'closed loop of 50',
  delivery: 'running',
  ...context,
});
report({
  name: 'l0.limit.raw_sqlite_insert.p99_ms',
  value: percentile(raw, 99),
  unit: 'ms',
  note: 'one row per transaction, sequential, WAL + synchronous=FULL',
  records: total,
  quick,
});
report({ name: 'l0.limit.raw_sqlite_insert.p50_ms', value: percentile(raw, 50), unit: 'ms', records: total, quick });
report({
  name: 'l0.limit.raw_sqlite_group50.p99_ms',
  value: percentile(rawGroups, 99),
  unit: 'ms',
  note: '50 rows per transaction, WAL + synchronous=FULL, never checkpointed: the floor of a burst',
  records: total,
  quick,
});
report({
  name: 'l0.limit.raw_sqlite_group50.p50_ms',
  value: percentile(rawGroups, 50),
  unit: 'ms',
  records: total,
  quick,
});
