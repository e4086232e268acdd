// A register in its own process, for the crash test: it records sales into a SQLite outbox as fast as it
// can while delivering to the simulator, and prints `recorded <id>` once each record() has resolved (the
// moment the register would print the receipt). The parent kills it with SIGKILL at a random moment.
//
// argv: <baseUrl> <apiKey> <outboxPath> <round> <mode: record|drain>
import { createPushClient } from '../../src/index';
import { sqliteOutbox } from '../../src/sqlite';
import { saleOf, shelf } from '../support/register';

const [baseUrl = '', apiKey = '', outboxPath = '', round = '0', mode = 'record'] = process.argv.slice(2);

const client = createPushClient({
  platform: { baseUrl, apiKey },
  storeId: 'ams-01',
  registerId: 'reg-crash',
  outbox: sqliteOutbox(outboxPath),
  batch: { lingerMs: 2, maxItems: 25 },
  retry: { baseMs: 10, maxMs: 100 },
  // A killed process keeps the lease until it lapses; keep that short so the next one takes over soon.
  leaseTtlMs: 300,
});

if (mode === 'drain') {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await client.status();
    if (status.depth === 0) break;
    if (Date.now() > deadline) {
      process.stdout.write(`stuck ${status.depth}\n`);
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await client.closeAndFlush({ timeoutMs: 1_000 });
  process.stdout.write('drained\n');
  process.exit(0);
}

process.stdout.write('ready\n');
const members = ['cus_0001', 'cus_0002', 'cus_0003', 'cus_0005', 'cus_0006', 'cus_0007'];
for (let i = 0; ; i++) {
  const id = `C-${round}-${i}`;
  const customer = { type: 'loyalty_id' as const, value: members[i % members.length] ?? 'cus_0001' };
  const item = shelf[i % shelf.length];
  if (item === undefined) throw new Error('empty shelf');
  // A few concurrent records now and then, as when a register's queue busts after a network blip.
  if (i % 7 === 0) {
    const ids = [id, `${id}b`, `${id}c`];
    await Promise.all(ids.map((each) => client.record(saleOf(each, [{ item }], customer))));
    for (const each of ids) process.stdout.write(`recorded ${each}\n`);
  } else {
    await client.record(saleOf(id, [{ item }], customer));
    process.stdout.write(`recorded ${id}\n`);
  }
}
