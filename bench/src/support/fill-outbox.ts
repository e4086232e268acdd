// Fills a SQLite outbox with N recorded sales, as a register would after a long outage, through the store's
// own append (group commits of 1,000). argv: <path> <count>
import { transactionIdempotencyKey } from '@loyalty-link/core';
import { sqliteOutbox } from '@loyalty-link/level0-push/sqlite';
import { benchSale } from './sales';

const [path = '', countText = '0'] = process.argv.slice(2);
const count = Number(countText);
const store = sqliteOutbox(path);
const template = JSON.stringify({ ...benchSale('__ID__', 7), kind: 'sale', storeId: 'ams-01', registerId: 'reg-rss' });
for (let start = 0; start < count; start += 1_000) {
  const entries = [];
  for (let n = start; n < Math.min(count, start + 1_000); n++) {
    const id = `Q-${n}`;
    entries.push({
      key: transactionIdempotencyKey({ storeId: 'ams-01', registerId: 'reg-rss', kind: 'sale', id }),
      kind: 'sale' as const,
      orderingKeys: [`c:loyalty_id:cus_${String((n % 40) + 1).padStart(4, '0')}`, `t:ams-01:reg-rss:${id}`],
      payload: template.replace('__ID__', id),
      createdAt: Date.now(),
    });
  }
  await store.append(entries);
}
await store.close();
process.stdout.write(`filled ${count}\n`);
