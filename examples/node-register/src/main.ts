// A register's morning, end to end: the reference platform runs in this process (the simulator, real
// HTTP on localhost), the register keeps its sales in a SQLite outbox, the network drops out for a while
// in the middle of the morning, and at closing time the register and the platform are reconciled.
//
//   pnpm demo            exits non-zero unless every sale recorded is on the platform exactly once
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CustomerRef,
  computeTotals,
  createProtocolPort,
  createPushClient,
  formatMoney,
  lineTotal,
  type Product,
  type PushStatus,
  type RecordInput,
  type RecordReceipt,
} from '@loyalty-link/level0-push';
import { sqliteOutbox } from '@loyalty-link/level0-push/sqlite';
import { seedCatalog, seedCustomers } from '@loyalty-link/testing';
import { startSimulator } from '@loyalty-link/testing/simulator';

const SEED = 42;
const SALES = 120;
const OUTAGE = { from: 45, to: 85 }; // sales rung up while the network is down
const STORE = 'ams-01';
const REGISTER = 'reg-2';

let state = SEED;
const random = (): number => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
};

const say = (line: string): void => console.log(line);
const clock = (minutesAfterEight: number): string => {
  const minutes = 8 * 60 + minutesAfterEight;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};
const statusLine = (status: PushStatus): string =>
  `outbox ${String(status.depth).padStart(3)} waiting · ${status.state.padEnd(11)} · dead letters ${status.deadLetters}`;

const dir = mkdtempSync(join(tmpdir(), 'loyalty-link-demo-'));
const simulator = await startSimulator({ seed: SEED });
const customers = seedCustomers(SEED)
  .map((seeded) => seeded.customer)
  .filter((customer) => customer.status === 'active');
const catalog = seedCatalog().filter((product) => product.active !== false);

say(`Loyalty Link demo: one register, one morning, one network outage`);
say(`  platform  ${simulator.url} (the reference simulator, in this process)`);
say(`  outbox    ${join(dir, 'outbox.db')} (SQLite, WAL, synchronous=FULL)`);
say('');

// The register caches the program, so it can print points on the receipt even while offline.
const program = await createProtocolPort({ baseUrl: simulator.url, apiKey: simulator.apiKey }).getProgram();
const register = createPushClient({
  platform: { baseUrl: simulator.url, apiKey: simulator.apiKey },
  storeId: STORE,
  registerId: REGISTER,
  outbox: sqliteOutbox(join(dir, 'outbox.db')),
  program,
  batch: { lingerMs: 50 },
  retry: { baseMs: 200, maxMs: 1_000 },
  attemptTimeoutMs: 1_000,
  sendTimeoutMs: 2_000,
});
register.events.on('stalled', ({ error }) => say(`        ! delivery stalled: ${error.code}`));

const sync = await register.syncProducts(catalog);
say(`07:55  catalog synchronised: ${sync.upserted} products sent in ${sync.chunks} request(s)`);

function basket(): Product[] {
  const size = 1 + Math.floor(random() * 4);
  return Array.from({ length: size }, () => pick(catalog));
}

function who(index: number): CustomerRef | undefined {
  if (random() < 0.25) return undefined; // anonymous sales are recorded too; they earn nothing
  const customer = pick(customers);
  switch (index % 4) {
    case 0:
      return customer.cardCodes[0] === undefined
        ? { type: 'loyalty_id', value: customer.id }
        : { type: 'card', value: customer.cardCodes[0] };
    case 1:
      return customer.phone === undefined
        ? { type: 'loyalty_id', value: customer.id }
        : { type: 'phone', value: customer.phone };
    default:
      return { type: 'loyalty_id', value: customer.id };
  }
}

function saleFrom(id: string, products: Product[], customer: CustomerRef | undefined, minute: number): RecordInput {
  const lines = products.map((product, index) => {
    const draft = {
      lineId: String(index + 1),
      sku: product.sku,
      name: product.name,
      ...(product.categories.at(-1) === undefined ? {} : { category: product.categories.at(-1) }),
      quantity: 1,
      unitPrice: product.price,
      discounts: [],
    };
    return { ...draft, total: lineTotal(draft) };
  });
  const totals = computeTotals(lines, 'EUR');
  return {
    id,
    occurredAt: `2026-03-14T${clock(minute)}:00+01:00`,
    cashierId: 'cashier-07',
    ...(customer === undefined ? {} : { customer }),
    currency: 'EUR',
    lines,
    payments: [{ method: random() < 0.7 ? 'card' : 'cash', amount: totals.net }],
    totals,
  };
}

const receipts: RecordReceipt[] = [];
const recordedSales: RecordInput[] = [];
const settled = new Set<string>(); // sales already returned or voided
let returns = 0;
let voids = 0;
for (let i = 0; i < SALES; i++) {
  const minute = 5 + i * 2;
  if (i === OUTAGE.from) {
    simulator.faults.set({ networkErrorRate: 1 });
    say(`${clock(minute)}  --- the shop's internet connection drops ---`);
  }
  if (i === OUTAGE.to) {
    simulator.faults.clear();
    say(`${clock(minute)}  --- the connection is back ---`);
  }
  const id = `0${String(1000 + i)}/2026`;
  const sale = saleFrom(id, basket(), who(i), minute);
  const receipt = await register.record(sale);
  receipts.push(receipt);
  recordedSales.push(sale);

  // Now and then a customer brings something back, or the cashier voids a mistaken sale.
  if (i % 17 === 16) {
    const original = recordedSales[i - 3];
    if (original !== undefined && !settled.has(original.id)) {
      settled.add(original.id);
      receipts.push(await register.recordReturn({ ...original, id: `R${id}`, originalTransactionId: original.id }));
      returns += 1;
    }
  }
  if (i % 29 === 28 && !settled.has(id)) {
    settled.add(id);
    const zero = { amount: 0, currency: 'EUR' };
    receipts.push(
      await register.recordVoid({
        id: `V${id}`,
        occurredAt: `2026-03-14T${clock(minute)}:30+01:00`,
        currency: 'EUR',
        lines: [],
        totals: { gross: zero, discounts: zero, net: zero },
        originalTransactionId: id,
      }),
    );
    voids += 1;
  }

  if (i % 15 === 14) {
    const points =
      receipt.estimate === undefined ? 'anonymous' : `${receipt.estimate.points} points (offline estimate)`;
    say(
      `${clock(minute)}  sale ${id} ${formatMoney(sale.totals.net, 'nl-NL').padStart(9)} · ${points.padEnd(28)} · ${statusLine(await register.status())}`,
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 25));
}

say(`12:05  closing: flushing the outbox`);
const flush = await register.closeAndFlush({ timeoutMs: 15_000 });

// Reconciliation: what the register recorded against what the platform holds for this register.
const onPlatform = simulator.inspect
  .transactions()
  .filter((recorded) => recorded.transaction.registerId === REGISTER)
  .map((recorded) => recorded.transaction.id);
const counts = new Map<string, number>();
for (const id of onPlatform) counts.set(id, (counts.get(id) ?? 0) + 1);
const duplicates = [...counts.values()].filter((count) => count > 1).length;
const missing = receipts.filter((receipt) => !counts.has(receipt.transactionId));
const requests = simulator.inspect.requests().filter((request) => request.path === '/v1/transactions:batch');
const failedRequests = requests.filter((request) => request.status !== 200).length;
const estimated = receipts.filter((receipt) => receipt.estimate !== undefined);
const credited = new Map(
  simulator.inspect.transactions().map((recorded) => [recorded.transaction.id, recorded.outcome.pointsEarned]),
);
// A level-0 register does not know the customer's tier or birthday, so its estimate is the base earn; the
// platform adds the tier multiplier and the birthday bonus. An estimate above the credit would be a bug.
const comparison = { exact: 0, below: 0, above: 0 };
for (const receipt of estimated) {
  const points = credited.get(receipt.transactionId) ?? 0;
  const estimate = receipt.estimate?.points ?? 0;
  if (estimate === points) comparison.exact += 1;
  else if (estimate < points) comparison.below += 1;
  else comparison.above += 1;
}

say('');
say('Reconciliation');
say(`  recorded at the register   ${receipts.length} (${SALES} sales, ${returns} returns, ${voids} voids)`);
say(`  on the platform            ${counts.size}`);
say(`  missing                    ${missing.length}`);
say(`  duplicates                 ${duplicates}`);
say(`  batch requests             ${requests.length} (${failedRequests} failed during the outage and were retried)`);
say(`  left in the outbox         ${flush.remaining}`);
say(
  `  offline estimates          ${comparison.exact} exact, ${comparison.below} below the credit (tier and birthday bonuses are the platform's), ${comparison.above} above`,
);
const consistency = simulator.inspect.consistency();
say(`  platform books             ${consistency.length === 0 ? 'balanced' : consistency.join('; ')}`);

await simulator.close();
rmSync(dir, { recursive: true, force: true });

const ok =
  missing.length === 0 &&
  duplicates === 0 &&
  flush.remaining === 0 &&
  counts.size === receipts.length &&
  consistency.length === 0 &&
  comparison.above === 0;
say('');
say(
  ok ? 'OK: every sale recorded reached the platform exactly once.' : 'FAILED: the register and the platform disagree.',
);
process.exit(ok ? 0 : 1);
