// Opens a push client on a filled SQLite outbox and lets it deliver to the sink for a while, sampling the
// process's resident memory. Prints `rss <peak MiB> <delivered> <depth>`. argv: <path> <sinkUrl> <seconds>
import { createPushClient } from '@loyalty-link/level0-push';
import { sqliteOutbox } from '@loyalty-link/level0-push/sqlite';

const [path = '', sinkUrl = '', secondsText = '5'] = process.argv.slice(2);
let peak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 20);
const client = createPushClient({
  platform: { baseUrl: sinkUrl, apiKey: 'll_test_bench_key_000001' },
  storeId: 'ams-01',
  registerId: 'reg-rss',
  outbox: sqliteOutbox(path),
  batch: { maxItems: 100 },
});
let delivered = 0;
client.events.on('delivered', ({ count }) => {
  delivered += count;
});
const until = Date.now() + Number(secondsText) * 1000;
while (Date.now() < until) {
  await client.status();
  await client.deadLetters.list({ limit: 50 });
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const { depth } = await client.status();
await client.closeAndFlush({ timeoutMs: 2_000 });
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
process.stdout.write(`rss ${(peak / 1024 / 1024).toFixed(1)} ${delivered} ${depth}\n`);
