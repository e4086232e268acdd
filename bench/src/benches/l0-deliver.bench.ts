// Delivery throughput against the same loopback sink (a server in its own process that accepts every
// item), side by side in one run:
//   l0.limit.raw_fetch.per_s    the limit: pre-serialised batches of 100 posted with raw fetch, one at a time
//   l0.limit.raw_fetch.client_batch.per_s  the same in batches of the client's default size
//   l0.deliver.sqlite.per_s     the push client with its defaults, durable (SQLite, synchronous=FULL):
//                               recorded → acknowledged
//   l0.deliver.sqlite.batch100.per_s  the same in batches of 100, as the limit
//   l0.deliver.sqlite.many_customers_per_s  the same with a store's mix of customers (5,000 members, a third
//                               anonymous) instead of 40 members taking turns, so requests can travel in parallel
//   l0.deliver.sqlite.end_to_end_per_s   the same while 50 callers are still recording (validation included)
//   l0.deliver.memory.per_s     the push client, memory outbox, recorded → acknowledged
//   l0.anchor.segment.per_s     @segment/analytics-node with its defaults, the same events (not durable)
//   l0.deliver.simulator.per_s  the push client into the simulator, which does the real bookkeeping
// Targets: durable delivery ≥ 4× Segment's and ≥ 50% of the raw-fetch limit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPushClient,
  memoryOutbox,
  type OutboxStore,
  pushClientDefaults,
  transactionIdempotencyKey,
} from '@loyalty-link/level0-push';
import { sqliteOutbox } from '@loyalty-link/level0-push/sqlite';
import { Analytics } from '@segment/analytics-node';
import { median, quick, report, size } from '../result';
import { startSimulatorProcess, startSink } from '../support/processes';
import { benchSale, type CustomerMix } from '../support/sales';

const total = size(10_000, 500);
/** The push client's own batch size, which every client run uses unless it says otherwise. */
const clientBatch: number = pushClientDefaults.batch.maxItems;
const recorders = 50;
const dir = mkdtempSync(join(tmpdir(), 'll-bench-deliver-'));
const sink = await startSink();

async function sinkItems(): Promise<number> {
  const response = await fetch(`${sink.url}/stats`);
  return ((await response.json()) as { items: number }).items;
}

async function resetSink(): Promise<void> {
  await fetch(`${sink.url}/reset`, { method: 'POST' });
}

/**
 * Collects the garbage of what ran before (the previous variant, or the untimed recording), so that each
 * timed run pays for its own garbage only. Without it, a variant that follows one that left megabytes
 * behind (the raw run's pre-serialised bodies) paid for their collection, and its figure depended on its
 * place in the round. The runner starts benchmarks with `--expose-gc`.
 */
function cleanHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * A push client run against `baseUrl`, in sales/s.
 * - `drain`: `total` sales are recorded first (untimed), then delivery starts and is timed until the last
 *   acknowledgement: recorded → acknowledged, what a register does after an outage.
 * - `end_to_end`: 50 callers record while the client delivers, timed from the first record to the last
 *   acknowledgement, validation and the durable write included.
 */
async function pushClientRun(
  label: string,
  mode: 'drain' | 'end_to_end',
  baseUrl: string,
  apiKey: string,
  outbox: OutboxStore,
  mix: CustomerMix = 'few',
  maxItems = clientBatch,
): Promise<number> {
  const client = createPushClient({
    platform: { baseUrl, apiKey },
    storeId: 'ams-01',
    registerId: `reg-${label}`,
    outbox,
    batch: { maxItems },
    autoStart: mode === 'end_to_end',
  });
  let delivered = 0;
  client.events.on('delivered', ({ count }) => {
    delivered += count;
  });
  const recordAll = async (): Promise<void> => {
    let next = 0;
    await Promise.all(
      Array.from({ length: recorders }, async () => {
        for (let n = next++; n < total; n = next++) await client.record(benchSale(`${label}-${n}`, n, 4, mix));
      }),
    );
  };
  if (mode === 'drain') await recordAll();
  cleanHeap();
  const started = process.hrtime.bigint();
  if (mode === 'drain') client.start();
  else await recordAll();
  while (delivered < total) await new Promise((resolve) => setTimeout(resolve, 1));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const status = await client.status();
  if (status.depth !== 0 || status.deadLetters !== 0)
    throw new Error(`${label}: ${status.depth} left, ${status.deadLetters} dead`);
  await client.closeAndFlush({ timeoutMs: 10_000 });
  return total / seconds;
}

/** The limit: what fetch alone achieves with the same bytes on the wire, one batch at a time. */
async function rawFetchRun(round: number, batchSize: number): Promise<number> {
  const bodies: string[] = [];
  for (let start = 0; start < total; start += batchSize) {
    const items = [];
    for (let n = start; n < Math.min(total, start + batchSize); n++) {
      const transaction = {
        ...benchSale(`raw-${round}-${batchSize}-${n}`, n),
        storeId: 'ams-01',
        registerId: 'reg-raw',
      };
      items.push({ idempotencyKey: transactionIdempotencyKey({ ...transaction, kind: 'sale' }), transaction });
    }
    bodies.push(JSON.stringify({ items }));
  }
  await resetSink();
  cleanHeap();
  const started = process.hrtime.bigint();
  for (const body of bodies) {
    const response = await fetch(`${sink.url}/v1/transactions:batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ll_test_bench_key_000001' },
      body,
    });
    await response.json();
  }
  const perSecond = total / (Number(process.hrtime.bigint() - started) / 1e9);
  if ((await sinkItems()) !== total) throw new Error('the sink missed raw items');
  return perSecond;
}

/** Segment's default batch size. */
const segmentFlushAt = 15;

/** The anchor: Segment's Node client with its defaults (batches of 15), the same sales as track() properties. */
async function segmentRun(round: number): Promise<number> {
  await resetSink();
  const analytics = new Analytics({ writeKey: 'bench', host: sink.url, path: '/v1/batch' });
  cleanHeap();
  const started = process.hrtime.bigint();
  for (let n = 0; n < total; n++) {
    analytics.track({
      userId: `cus_${n % 40}`,
      event: 'Order Completed',
      properties: benchSale(`seg-${round}-${n}`, n),
    });
    // Yield now and then like callers do, so Segment's timers and sockets run as they would in a register.
    if (n % recorders === recorders - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  // Timed to the moment the sink holds every full batch: Segment keeps the last partial batch (fewer than
  // its flushAt of 15) for its 10-second flush interval, which would dominate a benchmark of this size.
  // Excluding that tail gives the anchor its steady-state rate, its best figure.
  const fullBatches = total - (total % segmentFlushAt);
  while ((await sinkItems()) < fullBatches) await new Promise((resolve) => setTimeout(resolve, 2));
  const perSecond = total / (Number(process.hrtime.bigint() - started) / 1e9);
  await analytics.closeAndFlush({ timeout: 30_000 });
  return perSecond;
}

// This machine's speed drifts between minutes, so every variant runs in each of three interleaved rounds
// and the medians are compared.
const rounds = quick ? 1 : 3;
const figures: Record<
  | 'raw'
  | 'rawClientBatch'
  | 'sqlite'
  | 'sqlite100'
  | 'sqliteMany'
  | 'sqliteEndToEnd'
  | 'memory'
  | 'segment'
  | 'simulator',
  number[]
> = {
  raw: [],
  rawClientBatch: [],
  sqlite: [],
  sqlite100: [],
  sqliteMany: [],
  sqliteEndToEnd: [],
  memory: [],
  segment: [],
  simulator: [],
};
const key = 'll_test_bench_key_000001';
const simulator = await startSimulatorProcess(1);
for (let round = 0; round < rounds; round++) {
  figures.raw.push(await rawFetchRun(round, 100));
  figures.rawClientBatch.push(await rawFetchRun(round, clientBatch));
  await resetSink();
  figures.sqlite.push(
    await pushClientRun(`sqlite-${round}`, 'drain', sink.url, key, sqliteOutbox(join(dir, `d${round}.db`))),
  );
  await resetSink();
  figures.sqlite100.push(
    await pushClientRun(
      `sqlite100-${round}`,
      'drain',
      sink.url,
      key,
      sqliteOutbox(join(dir, `h${round}.db`)),
      'few',
      100,
    ),
  );
  await resetSink();
  figures.sqliteMany.push(
    await pushClientRun(`many-${round}`, 'drain', sink.url, key, sqliteOutbox(join(dir, `m${round}.db`)), 'many'),
  );
  await resetSink();
  figures.sqliteEndToEnd.push(
    await pushClientRun(`e2e-${round}`, 'end_to_end', sink.url, key, sqliteOutbox(join(dir, `e${round}.db`))),
  );
  await resetSink();
  figures.memory.push(await pushClientRun(`memory-${round}`, 'drain', sink.url, key, memoryOutbox()));
  figures.segment.push(await segmentRun(round));
  figures.simulator.push(
    await pushClientRun(
      `simulator-${round}`,
      'drain',
      simulator.url,
      simulator.apiKey,
      sqliteOutbox(join(dir, `s${round}.db`)),
    ),
  );
}
await simulator.stop();
await sink.stop();
rmSync(dir, { recursive: true, force: true });

const spread = (values: number[]) => ({
  min: Math.round(Math.min(...values)),
  max: Math.round(Math.max(...values)),
  rounds,
});
const rawPerSecond = median(figures.raw);
const rawClientBatchPerSecond = median(figures.rawClientBatch);
const sqlitePerSecond = median(figures.sqlite);
const sqlite100PerSecond = median(figures.sqlite100);
const memoryPerSecond = median(figures.memory);
const endToEndPerSecond = median(figures.sqliteEndToEnd);
const manyPerSecond = median(figures.sqliteMany);
const segmentPerSecond = median(figures.segment);
const simulatorPerSecond = median(figures.simulator);
const context = { sales: total, quick, payload_lines: 4, recorders };
report({
  name: 'l0.limit.raw_fetch.per_s',
  value: rawPerSecond,
  unit: 'sales/s',
  batch: 100,
  note: 'pre-serialised, sequential',
  ...spread(figures.raw),
  ...context,
});
report({
  name: 'l0.limit.raw_fetch.client_batch.per_s',
  value: rawClientBatchPerSecond,
  unit: 'sales/s',
  batch: clientBatch,
  note: "pre-serialised, sequential, in batches of the client's default size",
  ...spread(figures.rawClientBatch),
  ...context,
});
report({
  name: 'l0.deliver.sqlite.per_s',
  value: sqlitePerSecond,
  unit: 'sales/s',
  durable: true,
  batch: clientBatch,
  share_of_limit: Number((sqlitePerSecond / rawPerSecond).toFixed(3)),
  share_of_limit_same_batch: Number((sqlitePerSecond / rawClientBatchPerSecond).toFixed(3)),
  vs_segment: Number((sqlitePerSecond / segmentPerSecond).toFixed(2)),
  target: '≥ 4× Segment, ≥ 50% of the limit',
  ...spread(figures.sqlite),
  ...context,
});
report({
  name: 'l0.deliver.sqlite.batch100.per_s',
  value: sqlite100PerSecond,
  unit: 'sales/s',
  durable: true,
  batch: 100,
  share_of_limit: Number((sqlite100PerSecond / rawPerSecond).toFixed(3)),
  vs_segment: Number((sqlite100PerSecond / segmentPerSecond).toFixed(2)),
  ...spread(figures.sqlite100),
  ...context,
});
report({
  name: 'l0.deliver.sqlite.many_customers_per_s',
  value: manyPerSecond,
  unit: 'sales/s',
  durable: true,
  customers: '5,000 members, a third anonymous',
  batch: clientBatch,
  share_of_limit: Number((manyPerSecond / rawPerSecond).toFixed(3)),
  share_of_limit_same_batch: Number((manyPerSecond / rawClientBatchPerSecond).toFixed(3)),
  vs_segment: Number((manyPerSecond / segmentPerSecond).toFixed(2)),
  ...spread(figures.sqliteMany),
  ...context,
});
report({
  name: 'l0.deliver.sqlite.end_to_end_per_s',
  value: endToEndPerSecond,
  unit: 'sales/s',
  durable: true,
  note: '50 callers record (validation, durable write) while the client delivers; first record to last ack',
  vs_segment: Number((endToEndPerSecond / segmentPerSecond).toFixed(2)),
  ...spread(figures.sqliteEndToEnd),
  ...context,
});
report({
  name: 'l0.deliver.memory.per_s',
  value: memoryPerSecond,
  unit: 'sales/s',
  durable: false,
  ...spread(figures.memory),
  ...context,
});
report({
  name: 'l0.anchor.segment.per_s',
  value: segmentPerSecond,
  unit: 'sales/s',
  durable: false,
  flushAt: segmentFlushAt,
  note: 'steady state: the last partial batch, held for the 10 s flush interval, is excluded',
  ...spread(figures.segment),
  ...context,
});
report({
  name: 'l0.deliver.simulator.per_s',
  value: simulatorPerSecond,
  unit: 'sales/s',
  durable: true,
  ...spread(figures.simulator),
  ...context,
});
