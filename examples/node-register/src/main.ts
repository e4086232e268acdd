// A register's morning, end to end: the reference platform runs in this process (the simulator, real
// HTTP on localhost), the register keeps its sales in a SQLite outbox, the network drops out for a while
// in the middle of the morning, and at closing time the register and the platform are reconciled.
//
//   pnpm demo            exits non-zero unless every sale recorded is on the platform exactly once
//
// What to copy into a real register: one client for the life of the process; a fixed outbox path that is
// never deleted (here a temporary folder, so the demo starts fresh); `closeAndFlush` at shutdown, on SIGTERM
// and SIGINT too; a listener for `dead-lettered`; trading that does not wait for the network.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CustomerRef,
  computeTotals,
  createProtocolPort,
  createPushClient,
  formatMoney,
  isValidationError,
  type LogFields,
  lineTotal,
  type Product,
  type Program,
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

// The register caches the program, so it can print points on the receipt even while offline. A register
// that starts while the shop is offline trades without estimates (a real one would read its last copy).
let program: Program | undefined;
try {
  program = await createProtocolPort({ baseUrl: simulator.url, apiKey: simulator.apiKey }).getProgram({
    deadlineMs: 3_000,
  });
} catch (error) {
  say(`07:55  program not loaded (${(error as { code?: string }).code ?? 'error'}): no points estimates today`);
}
// The SDK's warnings (retries, a stalled delivery) are counted here and summed up at closing; a real register
// sends them to its log. They are redacted already: no key, phone number or email address in them.
let warnings = 0;
const log = (level: string) => (message: string, fields?: LogFields) => {
  if (level === 'warn') warnings += 1;
  if (level === 'error') say(`        ! ${message} ${JSON.stringify(fields ?? {})}`);
};
const register = createPushClient({
  platform: { baseUrl: simulator.url, apiKey: simulator.apiKey },
  storeId: STORE,
  registerId: REGISTER,
  outbox: sqliteOutbox(join(dir, 'outbox.db')),
  ...(program === undefined ? {} : { program }),
  logger: { debug: () => {}, info: () => {}, warn: log('warn'), error: log('error') },
  batch: { lingerMs: 50 },
  retry: { baseMs: 200, maxMs: 1_000 },
  attemptTimeoutMs: 1_000,
  sendTimeoutMs: 2_000,
});
register.events.on('stalled', ({ error }) => say(`        ! delivery stalled: ${error.code}`));
// A sale the platform refuses for good waits in the dead letters for someone to fix and replay it.
const refused: string[] = [];
register.events.on('dead-lettered', ({ transactionId, reason }) => {
  refused.push(transactionId ?? '?');
  say(`        ! sale ${transactionId ?? '?'} refused by the platform (${reason.code}): in the dead letters`);
});
// Answers `duplicate`: a batch sent again after its answer was lost; the platform counted it once.
let answeredDuplicate = 0;
register.events.on('delivered', ({ duplicates }) => {
  answeredDuplicate += duplicates;
});

// At shutdown the register hands what it can to the platform, within a time the service manager allows;
// the rest stays in the outbox for the next start.
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    closing = true;
    say(`        ${signal}: closing the register`);
    void register.closeAndFlush({ timeoutMs: 5_000 }).then(
      (flush) => {
        say(`        closed: ${flush.remaining} waiting in ${join(dir, 'outbox.db')} for the next start`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      },
      () => process.exit(1),
    );
  });
}

// The catalog sync runs beside trading: a till does not wait for the network before its first sale.
const syncing = register.syncProducts(catalog).then(
  (sync) => say(`        catalog synchronised: ${sync.upserted} products sent in ${sync.chunks} request(s)`),
  (error: unknown) => say(`        catalog not synchronised (${(error as { code?: string }).code ?? 'error'})`),
);

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
const recordedById = new Map<string, RecordInput & { kind: 'sale' | 'return' | 'void' }>();
const settled = new Set<string>(); // sales already returned or voided
let returns = 0;
let voids = 0;
let notStored = 0;

/** Records one transaction; a till shows a bad basket to the cashier and goes on trading. */
async function ring(
  kind: 'sale' | 'return' | 'void',
  transaction: RecordInput,
  record: (transaction: RecordInput) => Promise<RecordReceipt>,
): Promise<RecordReceipt | undefined> {
  try {
    const receipt = await record(transaction);
    // The same receipt id for a new transaction: the till reused a number; nothing was stored.
    if (receipt.status === 'already_recorded') {
      notStored += 1;
      say(`        ! ${kind} ${transaction.id} was recorded before: receipt number reused, not stored`);
      return undefined;
    }
    receipts.push(receipt);
    recordedById.set(transaction.id, { ...transaction, kind });
    return receipt;
  } catch (error) {
    if (!isValidationError(error)) throw error;
    notStored += 1;
    say(`        ! ${kind} ${transaction.id} not recorded: ${error.message}`);
    return undefined;
  }
}

try {
  for (let i = 0; i < SALES && !closing; i++) {
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
    const receipt = await ring('sale', sale, (transaction) => register.record(transaction));
    if (receipt === undefined) continue;
    recordedSales.push(sale);

    // Now and then a customer brings something back, or the cashier voids a mistaken sale.
    if (i % 17 === 16) {
      const original = recordedSales[i - 3];
      if (original !== undefined && !settled.has(original.id)) {
        // The return is rung up now, at this minute, for the goods of the original sale.
        const back = { ...original, id: `R${id}`, occurredAt: `2026-03-14T${clock(minute)}:15+01:00` };
        const returned = await ring('return', { ...back, originalTransactionId: original.id }, (transaction) =>
          register.recordReturn(transaction),
        );
        if (returned !== undefined) {
          settled.add(original.id);
          returns += 1;
        }
      }
    }
    if (i % 29 === 28 && !settled.has(id)) {
      const zero = { amount: 0, currency: 'EUR' };
      const voided = await ring(
        'void',
        {
          id: `V${id}`,
          occurredAt: `2026-03-14T${clock(minute)}:30+01:00`,
          currency: 'EUR',
          lines: [],
          totals: { gross: zero, discounts: zero, net: zero },
          originalTransactionId: id,
        },
        (transaction) => register.recordVoid(transaction),
      );
      if (voided !== undefined) {
        settled.add(id);
        voids += 1;
      }
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
} finally {
  // Whatever happened above, the register closes its outbox (a signal handler may be doing it already).
  if (!closing) {
    await syncing;
    say(`12:05  closing: flushing the outbox`);
  }
}
const flush = await register.closeAndFlush({ timeoutMs: 15_000 });
if (flush.error !== undefined) say(`        ! closing: ${flush.error.code}`);

// Reconciliation: what the register recorded against what the platform holds for this register, sale by
// sale: the same kind, customer and amounts, once.
const onPlatform = simulator.inspect
  .transactions()
  .filter((recorded) => recorded.transaction.registerId === REGISTER)
  .map((recorded) => recorded.transaction);
const counts = new Map<string, number>();
for (const transaction of onPlatform) counts.set(transaction.id, (counts.get(transaction.id) ?? 0) + 1);
const duplicates = [...counts.values()].filter((count) => count > 1).length;
const missing = receipts.filter((receipt) => !counts.has(receipt.transactionId));
const differing = onPlatform.filter((transaction) => {
  const recorded = recordedById.get(transaction.id);
  if (recorded === undefined) return true; // on the platform, never recorded here
  const fields = (t: {
    kind?: string | undefined;
    customer?: unknown;
    totals?: unknown;
    lines?: readonly unknown[] | undefined;
    originalTransactionId?: string | undefined;
  }) => JSON.stringify([t.kind, t.customer ?? null, t.totals, t.lines?.length ?? 0, t.originalTransactionId ?? null]);
  return fields(transaction) !== fields(recorded);
});
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
say(`  duplicates                 ${duplicates} (${answeredDuplicate} resent after a lost answer, counted once)`);
say(`  different from the till    ${differing.length}`);
say(`  refused (dead letters)     ${refused.length}`);
say(`  not recorded at the till   ${notStored}`);
say(`  batch requests             ${requests.length} (${failedRequests} failed during the outage and were retried)`);
say(`  left in the outbox         ${flush.remaining}`);
say(`  SDK warnings               ${warnings} (retries while the connection was down)`);
say(
  `  offline estimates          ${comparison.exact} exact, ${comparison.below} below the credit (tier and birthday bonuses are the platform's), ${comparison.above} above`,
);
const consistency = simulator.inspect.consistency();
say(`  platform books             ${consistency.length === 0 ? 'balanced' : consistency.join('; ')}`);

await simulator.close();
// A real register never deletes its outbox. The demo cleans up only when nothing is left in it.
if (flush.remaining === 0 && refused.length === 0) rmSync(dir, { recursive: true, force: true });
else say(`  outbox kept for the next start: ${join(dir, 'outbox.db')}`);

const ok =
  missing.length === 0 &&
  duplicates === 0 &&
  differing.length === 0 &&
  refused.length === 0 &&
  notStored === 0 &&
  flush.error === undefined &&
  flush.remaining === 0 &&
  counts.size === receipts.length &&
  consistency.length === 0 &&
  comparison.above === 0;
say('');
say(
  ok ? 'OK: every sale recorded reached the platform exactly once.' : 'FAILED: the register and the platform disagree.',
);
process.exit(ok ? 0 : 1);
