// A register process for the lease tests: records one sale into a shared SQLite outbox with its clock
// `offsetMs` off the real time, waits until it is delivered, prints `delivered`, then keeps running until
// the parent kills it with SIGKILL (a crash, or a power cut).
//
// argv: <baseUrl> <apiKey> <outboxPath> <offsetMs> <leaseTtlMs>
import type { Clock } from '@loyalty-link/core';
import { createPushClient } from '../../src/index';
import { sqliteOutbox } from '../../src/sqlite';
import { saleOf, shelf } from './register';

const [baseUrl = '', apiKey = '', outboxPath = '', offset = '0', ttl = '300'] = process.argv.slice(2);
const offsetMs = Number(offset);
const clock: Clock = {
  now: () => Date.now() + offsetMs,
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
const client = createPushClient({
  platform: { baseUrl, apiKey },
  storeId: 'ams-01',
  registerId: 'reg-1',
  outbox: sqliteOutbox(outboxPath),
  batch: { lingerMs: 1 },
  retry: { baseMs: 10, maxMs: 100 },
  leaseTtlMs: Number(ttl),
  clock,
});
const item = shelf[0];
if (item === undefined) throw new Error('empty shelf');
await client.record(saleOf('CHILD-1', [{ item }], { type: 'loyalty_id', value: 'cus_0001' }));
for (;;) {
  if ((await client.status()).depth === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 10));
}
process.stdout.write('delivered\n');
setInterval(() => {}, 1_000);
