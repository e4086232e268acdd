import { join } from 'node:path';
import { type Clock, createManualClock } from '@loyalty-link/core';
import { handleRequest, knownCustomers, type MockPlatform, seedProgram } from '@loyalty-link/testing';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createProtocolPort,
  createPushClient,
  isValidationError,
  memoryOutbox,
  type OutboxStore,
  type PushClient,
  type PushClientOptions,
} from '../src/index';
import { sqliteOutbox } from '../src/sqlite';
import { recordedIds, until } from './support/observe';
import { fullReturnOf, saleOf, shelf, voidOf } from './support/register';
import { useTestBed } from './support/test-bed';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ada = { type: 'loyalty_id' as const, value: knownCustomers.ada.customer.id };
const { cleanups, platform, tempDir: tempDirWith } = useTestBed(server);
const tempDir = (): string => tempDirWith('ll-push-');

/** A client with test-sized time budgets: the same code paths, milliseconds instead of minutes. */
function client(on: MockPlatform, overrides: Partial<PushClientOptions> = {}): PushClient {
  const created = createPushClient({
    platform: { baseUrl: on.baseUrl, apiKey: on.apiKey },
    storeId: 'ams-01',
    registerId: 'reg-1',
    outbox: memoryOutbox(),
    batch: { lingerMs: 5, maxItems: 20 },
    retry: { baseMs: 5, maxMs: 40, maxRetryAfterMs: 50 },
    attemptTimeoutMs: 150,
    sendTimeoutMs: 1_000,
    ...overrides,
  });
  cleanups.push(async () => {
    await created.closeAndFlush({ timeoutMs: 200 }).catch(() => {});
  });
  return created;
}

describe('record', () => {
  it('resolves with the idempotency key and an offline estimate once the sale is stored', async () => {
    const on = platform();
    const register = client(on, { program: seedProgram(), autoStart: false });
    const receipt = await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
    expect(receipt).toMatchObject({
      transactionId: 'R-1',
      idempotencyKey: 'll1:ams-01:reg-1:sale:R-1',
      status: 'recorded',
    });
    expect(receipt.estimate?.points).toBeGreaterThan(0);
    expect((await register.status()).depth).toBe(1);
  });

  it('treats the same sale recorded twice as one, and refuses the same id with other content', async () => {
    const on = platform();
    const register = client(on, { autoStart: false });
    const sale = saleOf('R-1', [{ item: shelf[0] ?? never() }], ada);
    await register.record(sale);
    expect((await register.record(sale)).status).toBe('already_recorded');
    const other = saleOf('R-1', [{ item: shelf[1] ?? never() }], ada);
    const error = await register.record(other).catch((caught: unknown) => caught);
    expect(isValidationError(error) && error.issues[0]?.code).toBe('idempotency_conflict');
    expect((await register.status()).depth).toBe(1);
  });

  it('lists every issue of an invalid sale with its path, and stores nothing', async () => {
    const on = platform();
    const register = client(on, { autoStart: false });
    const sale = saleOf('R-1', [{ item: shelf[0] ?? never() }], { type: 'phone', value: 'not a phone' });
    const error = await register.record({ ...sale, storeId: 'other-store' }).catch((caught: unknown) => caught);
    expect(isValidationError(error) && error.issues.map((issue) => issue.code)).toEqual(['store_mismatch']);
    const invalid = await register.record(sale).catch((caught: unknown) => caught);
    expect(isValidationError(invalid) && invalid.issues.map((issue) => issue.path.join('.'))).toEqual([
      'customer.value',
    ]);
    expect(String(invalid)).not.toContain('not a phone');
    expect((await register.status()).depth).toBe(0);
  });

  it('stores nothing when the estimate refuses an option (an unknown tier, a malformed birth date)', async () => {
    const on = platform();
    const register = client(on, { program: seedProgram(), autoStart: false });
    const sale = saleOf('R-1', [{ item: shelf[0] ?? never() }], ada);
    const unknownTier = await register.record(sale, { tier: 'no-such-tier' }).catch((caught: unknown) => caught);
    const badBirthDate = await register.record(sale, { birthDate: '1990-13-45' }).catch((caught: unknown) => caught);
    expect(isValidationError(unknownTier)).toBe(true);
    expect(isValidationError(badBirthDate)).toBe(true);
    // Told the sale was refused, the cashier rings it up again: nothing of the refused calls may go out.
    expect((await register.status()).depth).toBe(0);
    expect((await register.record(sale)).status).toBe('recorded');
  });

  it('refuses what is not a transaction at all with a validation error, not a crash', async () => {
    const on = platform();
    const register = client(on, { autoStart: false });
    for (const notASale of [null, undefined, 42, 'R-1', []]) {
      const error = await register.record(notASale as never).catch((caught: unknown) => caught);
      expect(isValidationError(error) && error.issues.map((issue) => issue.code)).toEqual(['invalid_type']);
    }
    expect((await register.status()).depth).toBe(0);
  });

  it('refuses a return through record() and a sale through recordVoid()', async () => {
    const on = platform();
    const register = client(on, { autoStart: false });
    const sale = saleOf('R-1', [{ item: shelf[0] ?? never() }], ada);
    const error = await register.recordVoid({ ...sale, kind: 'sale' }).catch((caught: unknown) => caught);
    expect(isValidationError(error) && error.issues[0]?.code).toBe('kind_mismatch');
  });
});

describe('delivery', () => {
  it('delivers every sale exactly once and reports it', async () => {
    const on = platform();
    const register = client(on);
    const delivered: string[] = [];
    register.events.on('delivered', ({ keys }) => delivered.push(...keys));
    for (let i = 0; i < 45; i++)
      await register.record(saleOf(`R-${i}`, [{ item: shelf[i % shelf.length] ?? never() }], ada));
    await until(async () => (await register.status()).depth === 0);
    expect(recordedIds(on).sort()).toEqual(Array.from({ length: 45 }, (_, i) => `R-${i}`).sort());
    expect(delivered).toHaveLength(45);
    const status = await register.status();
    expect(status).toMatchObject({ state: 'idle', depth: 0, deadLetters: 0, inFlight: 0 });
    expect(status.lastSuccessAt).toBeTypeOf('number');
    expect(on.inspect.consistency()).toEqual([]);
  });

  it('survives 30% failed requests of every kind: everything delivered, nothing twice', async () => {
    const on = platform({
      faults: {
        networkErrorRate: 0.06,
        errorRates: { 500: 0.06, 503: 0.06 },
        rateLimitRate: 0.06,
        rateLimitRetryAfterSeconds: 1,
        stallRate: 0.06,
      },
    });
    const register = client(on, { batch: { lingerMs: 1, maxItems: 5 } });
    const members = on.inspect
      .customers()
      .filter((customer) => customer.status === 'active')
      .slice(0, 20)
      .map((customer) => customer.id);
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      const customer = { type: 'loyalty_id' as const, value: members[i % members.length] ?? never() };
      ids.push(`R-${i}`);
      await register.record(saleOf(`R-${i}`, [{ item: shelf[i % shelf.length] ?? never() }], customer));
    }
    await until(async () => (await register.status()).depth === 0, 30_000);
    expect((await register.status()).deadLetters).toBe(0);
    const failed = on.inspect.requests().filter((request) => request.status !== 200);
    expect(failed.length).toBeGreaterThan(0);
    expect(recordedIds(on).sort()).toEqual(ids.sort());
    expect(new Set(recordedIds(on)).size).toBe(ids.length);
    expect(on.inspect.consistency()).toEqual([]);
  });

  it('never counts a sale twice when the platform processed a batch but the answer was lost', async () => {
    const on = platform();
    on.faults.failNext({ count: 3, as: 503, failurePoint: 'after' });
    const register = client(on);
    for (let i = 0; i < 10; i++) await register.record(saleOf(`R-${i}`, [{ item: shelf[1] ?? never() }], ada));
    await until(async () => (await register.status()).depth === 0);
    expect(recordedIds(on)).toHaveLength(10);
    // The batch was processed, its answer replaced by a 503; the resend got the stored answer replayed.
    const requests = on.inspect.requests();
    expect(requests.some((request) => request.status === 503)).toBe(true);
    expect(requests.some((request) => request.replayed)).toBe(true);
    // Ten identical sales: each earns the same points, and the ledger holds exactly ten times that.
    const perSale = on.inspect.transactions()[0]?.outcome.pointsEarned ?? 0;
    expect(perSale).toBeGreaterThan(0);
    const earned = on.inspect.ledger(ada.value).filter((entry) => entry.type === 'earn');
    const byTransaction = new Map<string, number>();
    for (const entry of earned) {
      byTransaction.set(entry.transactionId ?? '', (byTransaction.get(entry.transactionId ?? '') ?? 0) + entry.points);
    }
    expect([...byTransaction.values()]).toEqual(Array.from({ length: 10 }, () => perSale));
  });

  it('keeps a return, and a void, behind their sale under faults', async () => {
    const on = platform({ faults: { errorRates: { 503: 0.3 }, networkErrorRate: 0.1 } });
    const register = client(on, { batch: { lingerMs: 1, maxItems: 3 } });
    for (let i = 0; i < 15; i++) {
      const sale = saleOf(
        `S-${i}`,
        [{ item: shelf[i % shelf.length] ?? never(), quantity: 2 }],
        i % 3 === 0 ? undefined : ada,
      );
      await register.record(sale);
      if (i % 3 === 0) await register.recordVoid(voidOf(`V-${i}`, `S-${i}`));
      else await register.recordReturn(fullReturnOf(`X-${i}`, sale));
    }
    await until(async () => (await register.status()).depth === 0, 30_000);
    const order = recordedIds(on);
    expect(order).toHaveLength(30);
    for (let i = 0; i < 15; i++) {
      const follower = i % 3 === 0 ? `V-${i}` : `X-${i}`;
      expect(order.indexOf(`S-${i}`)).toBeLessThan(order.indexOf(follower));
    }
    expect(on.inspect.transactions().every((recorded) => recorded.state === 'applied')).toBe(true);
  });

  it('sends independent batches side by side, yet keeps every customer in order', async () => {
    // Jittered latency lets a later request overtake an earlier one: only the client can keep the order.
    const on = platform({ faults: { latencyMs: 2, latencyJitterMs: 30 } });
    const register = client(on, { autoStart: false, batch: { lingerMs: 1, maxItems: 4, concurrency: 3 } });
    const members = [1, 2, 3, 5, 6, 7].map((n) => `cus_${String(n).padStart(4, '0')}`);
    const expected = new Map<string, string[]>();
    for (let i = 0; i < 60; i++) {
      const member = i % 3 === 0 ? undefined : (members[i % members.length] ?? never());
      const id = `S-${i}`;
      await register.record(
        saleOf(
          id,
          [{ item: shelf[i % shelf.length] ?? never() }],
          member === undefined ? undefined : { type: 'loyalty_id', value: member },
        ),
      );
      if (member !== undefined) expected.set(member, [...(expected.get(member) ?? []), id]);
    }
    let mostInFlight = 0;
    register.start();
    await until(async () => {
      const status = await register.status();
      mostInFlight = Math.max(mostInFlight, status.inFlight);
      return status.depth === 0;
    }, 20_000);
    expect(mostInFlight).toBeGreaterThan(4);
    const applied = on.inspect.transactions();
    expect(applied).toHaveLength(60);
    for (const [member, ids] of expected) {
      const order = applied
        .filter((recorded) => recorded.transaction.customer?.value === member)
        .map((recorded) => recorded.transaction.id);
      expect(order).toEqual(ids);
    }
  });

  it('keeps one customer in order when each batch is prepared behind the one in flight, under faults', async () => {
    // One customer: every batch must wait for the one before it. The client prepares the next batch while
    // one travels; a failure of the one in flight must hold the prepared batch back until the retry.
    const on = platform({
      faults: { latencyMs: 1, latencyJitterMs: 20, errorRates: { 503: 0.2 }, networkErrorRate: 0.1 },
    });
    const register = client(on, { autoStart: false, batch: { lingerMs: 1, maxItems: 3, concurrency: 2 } });
    const ids = Array.from({ length: 45 }, (_, i) => `S-${i}`);
    for (const [i, id] of ids.entries()) await register.record(saleOf(id, [{ item: shelf[i % 4] ?? never() }], ada));
    register.start();
    await until(async () => (await register.status()).depth === 0, 30_000);
    expect(on.inspect.requests().some((request) => request.status !== 200)).toBe(true);
    expect(recordedIds(on)).toEqual(ids);
  });

  it('keeps every customer in order and every transaction once, whatever the faults, batch size and concurrency', async () => {
    // Active members of the seed data (the fourth is inactive, and the platform rejects its sales).
    const members = ['cus_0001', 'cus_0002', 'cus_0003', 'cus_0005'];
    const member = (n: number) => members[n - 1] ?? never();
    // A register's day: sales of a few members (or anonymous), and returns and voids of earlier sales.
    const step = fc.oneof(
      {
        arbitrary: fc.record({ kind: fc.constant('sale' as const), customer: fc.integer({ min: 0, max: 4 }) }),
        weight: 4,
      },
      { arbitrary: fc.record({ kind: fc.constantFrom('return' as const, 'void' as const), of: fc.nat() }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 5, maxLength: 30 }),
        fc.record({
          seed: fc.nat(),
          concurrency: fc.integer({ min: 1, max: 4 }),
          maxItems: fc.integer({ min: 1, max: 6 }),
          networkErrorRate: fc.constantFrom(0, 0.1),
          errorRate: fc.constantFrom(0, 0.15, 0.3),
          latencyJitterMs: fc.constantFrom(0, 10),
          failurePoint: fc.constantFrom('before' as const, 'after' as const),
          store: fc.constantFrom('memory' as const, 'sqlite' as const),
        }),
        async (steps, setup) => {
          const on = platform({
            seed: setup.seed,
            faults: {
              networkErrorRate: setup.networkErrorRate,
              errorRates: { 503: setup.errorRate },
              latencyJitterMs: setup.latencyJitterMs,
              failurePoint: setup.failurePoint,
            },
          });
          const register = client(on, {
            autoStart: false,
            batch: { lingerMs: 1, maxItems: setup.maxItems, concurrency: setup.concurrency },
            outbox: setup.store === 'memory' ? memoryOutbox() : sqliteOutbox(join(tempDir(), 'outbox.db')),
          });
          const recorded: { id: string; customer: string | undefined; original: string | undefined }[] = [];
          const sales: { id: string; sale: ReturnType<typeof saleOf>; customer: string | undefined; done: boolean }[] =
            [];
          for (const [i, next] of steps.entries()) {
            if (next.kind === 'sale') {
              const customer = next.customer === 0 ? undefined : member(next.customer);
              const sale = saleOf(
                `S-${i}`,
                [{ item: shelf[i % shelf.length] ?? never(), quantity: 2 }],
                customer === undefined ? undefined : { type: 'loyalty_id', value: customer },
              );
              await register.record(sale);
              sales.push({ id: sale.id, sale, customer, done: false });
              recorded.push({ id: sale.id, customer, original: undefined });
              continue;
            }
            const open = sales.filter((candidate) => !candidate.done);
            const original = open[next.of % Math.max(1, open.length)];
            if (original === undefined) continue;
            original.done = true;
            if (next.kind === 'void') await register.recordVoid(voidOf(`V-${i}`, original.id));
            else await register.recordReturn(fullReturnOf(`X-${i}`, original.sale));
            const id = `${next.kind === 'void' ? 'V' : 'X'}-${i}`;
            recorded.push({
              id,
              customer: next.kind === 'void' ? undefined : original.customer,
              original: original.id,
            });
          }
          register.start();
          await until(async () => (await register.status()).depth === 0, 30_000);
          const order = recordedIds(on);
          // Every transaction exactly once.
          expect([...order].sort()).toEqual(recorded.map((item) => item.id).sort());
          // A return or void never before its sale.
          for (const item of recorded) {
            if (item.original !== undefined) expect(order.indexOf(item.original)).toBeLessThan(order.indexOf(item.id));
          }
          // Each member's transactions in the order they were recorded.
          for (let n = 1; n <= 4; n++) {
            const mine = recorded.filter((item) => item.customer === member(n)).map((item) => item.id);
            expect(order.filter((id) => mine.includes(id))).toEqual(mine);
          }
          expect(on.inspect.consistency()).toEqual([]);
          await register.closeAndFlush({ timeoutMs: 200 });
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('waits as long as the platform asks, even when that is longer than one send may take', async () => {
    const on = platform({
      faults: { errorRates: { 503: 1 }, rateLimitRetryAfterSeconds: 5, paths: ['/v1/transactions:batch'] },
    });
    const register = client(on, { sendTimeoutMs: 1_000, retry: { baseMs: 5, maxMs: 40, maxRetryAfterMs: 60_000 } });
    const delays: number[] = [];
    register.events.on('retrying', ({ delayMs }) => delays.push(delayMs));
    await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
    await until(() => delays.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(delays).toEqual([5_000]);
    expect(on.inspect.requests().filter((request) => request.path === '/v1/transactions:batch')).toHaveLength(1);
  });

  it('retries after its backoff when the wall clock is set back meanwhile, not once the clock catches up', async () => {
    let offset = 0;
    // The register's clock ran an hour fast; NTP corrects it right after the first attempt failed.
    const clock: Clock = {
      now: () => Date.now() + offset,
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    const on = platform();
    // Every attempt of the first send fails, the transport's own quick retries included.
    on.faults.failNext({ count: 3, as: 503, paths: ['/v1/transactions:batch'] });
    const register = client(on, { clock, batch: { lingerMs: 1 } });
    let retries = 0;
    register.events.on('retrying', () => {
      retries += 1;
      offset -= 3_600_000;
    });
    await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));

    await until(() => recordedIds(on).includes('R-1'), 3_000);
    expect(retries).toBe(1);
    expect((await register.status()).depth).toBe(0);
  });

  it('delivers through a level-0 port that only knows sendTransactions', async () => {
    const on = platform();
    const { sendSerializedTransactions: _spliced, ...port } = createProtocolPort({
      baseUrl: on.baseUrl,
      apiKey: on.apiKey,
    });
    const register = client(on, { platform: port });
    for (let i = 0; i < 5; i++) await register.record(saleOf(`P-${i}`, [{ item: shelf[i] ?? never() }], ada));
    expect((await register.flush()).delivered).toBe(5);
    expect(recordedIds(on)).toEqual(['P-0', 'P-1', 'P-2', 'P-3', 'P-4']);
  });

  it('halves a batch the platform finds too large, and delivers it all', async () => {
    const on = platform();
    on.faults.failNext({ count: 1, as: 413 });
    const register = client(on, { autoStart: false, batch: { lingerMs: 1, maxItems: 8 } });
    for (let i = 0; i < 8; i++) await register.record(saleOf(`R-${i}`, [{ item: shelf[0] ?? never() }], ada));
    const result = await register.flush();
    expect(result).toMatchObject({ delivered: 8, deadLettered: 0, remaining: 0 });
    const sizes = on.inspect
      .requests()
      .filter((request) => request.path === '/v1/transactions:batch')
      .map((request) => (JSON.parse(request.requestBody) as { items: unknown[] }).items.length);
    expect(sizes).toEqual([8, 4, 4]);
  });

  it('gets past an answer it cannot read that the platform replays for the batch key', async () => {
    const on = platform();
    // In front of the platform: the first batch key gets an answer with no results, stored and replayed
    // for every resend under that key, as a platform replays its answers. Other keys reach the platform.
    let garbled: string | undefined;
    let replays = 0;
    server.use(
      http.post(`${on.baseUrl}/v1/transactions:batch`, ({ request }) => {
        const key = request.headers.get('idempotency-key') ?? '';
        garbled ??= key;
        if (key !== garbled) return undefined;
        replays += 1;
        return HttpResponse.json({ results: [] });
      }),
    );
    const register = client(on, { batch: { lingerMs: 1, maxItems: 8 } });
    for (let i = 0; i < 8; i++) await register.record(saleOf(`R-${i}`, [{ item: shelf[0] ?? never() }], ada));

    await until(() => recordedIds(on).length === 8, 3_000);
    expect(replays).toBeGreaterThan(0);
    expect(recordedIds(on)).toEqual(Array.from({ length: 8 }, (_, i) => `R-${i}`));
  });
});

describe('flush', () => {
  it('leaves delivery running: sales still backing off after a flush go out on their own later', async () => {
    // Slow failures, so the backoff timer comes due while the flush is still sending.
    const on = platform({ faults: { errorRates: { 503: 1 }, latencyMs: 80, paths: ['/v1/transactions:batch'] } });
    const register = client(on, { retry: { baseMs: 30, maxMs: 60, maxRetryAfterMs: 60 } });
    await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
    await until(async () => (await register.status()).retries > 0);
    const flushed = await register.flush();
    expect(flushed).toMatchObject({ delivered: 0, remaining: 1 });
    expect(flushed.error?.retryable).toBe(true);
    on.faults.clear();
    // No new record wakes the client: its own schedule must.
    await until(() => recordedIds(on).includes('R-1'), 3_000);
  });

  it('sends a batch that fails once, not again at once from its second lane', async () => {
    const on = platform({ faults: { errorRates: { 503: 1 }, paths: ['/v1/transactions:batch'] } });
    const register = client(on, { autoStart: false, batch: { lingerMs: 1, maxItems: 5, concurrency: 2 } });
    const attempts: number[] = [];
    register.events.on('retrying', ({ attempt }) => attempts.push(attempt));
    for (let i = 0; i < 3; i++) await register.record(saleOf(`R-${i}`, [{ item: shelf[0] ?? never() }], ada));

    const flushed = await register.flush();

    expect(flushed).toMatchObject({ delivered: 0, remaining: 3 });
    // Sent again at once, the batch would fail a second time: attempts [1, 2] and 6 retries.
    expect(attempts).toEqual([1]);
    expect((await register.status()).retries).toBe(3);
  });
});

describe('dead letters', () => {
  it('dead-letters a permanently rejected sale, lets the others through, and replays it after a fix', async () => {
    const on = platform();
    const register = client(on);
    const stranger = { type: 'loyalty_id' as const, value: 'cus_new_member' };
    const deadLettered: string[] = [];
    register.events.on('dead-lettered', ({ transactionId, reason }) =>
      deadLettered.push(`${transactionId}:${reason.code}`),
    );
    await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
    await register.record(saleOf('R-2', [{ item: shelf[1] ?? never() }], stranger));
    await register.record(saleOf('R-3', [{ item: shelf[2] ?? never() }], ada));
    await until(async () => (await register.status()).depth === 0);

    expect(recordedIds(on).sort()).toEqual(['R-1', 'R-3']);
    expect(deadLettered).toEqual(['R-2:customer_not_found']);
    const [letter] = await register.deadLetters.list();
    expect(letter).toMatchObject({ transactionId: 'R-2', kind: 'sale', reason: { code: 'customer_not_found' } });
    expect((await register.status()).deadLetters).toBe(1);

    on.engine.addCustomer({ id: 'cus_new_member', firstName: 'Noor' });
    expect(await register.deadLetters.replay('all')).toBe(1);
    await until(() => recordedIds(on).includes('R-2'));
    expect((await register.status()).deadLetters).toBe(0);
  });

  it('sends a replayed sale in the same drain, though the replay landed while a batch was being chosen', async () => {
    const on = platform();
    const store = memoryOutbox();
    // The outbox read a page before the replay and answers after it, as a store on disk or in IndexedDB can.
    let hold: { entered: () => void; released: Promise<void> } | undefined;
    const outbox: OutboxStore = {
      ...store,
      scan: async (options) => {
        const page = await store.scan(options);
        const held = hold;
        hold = undefined;
        if (held !== undefined) {
          held.entered();
          await held.released;
        }
        return page;
      },
    };
    const register = client(on, { outbox, autoStart: false, batch: { lingerMs: 5, maxItems: 5, concurrency: 1 } });
    const stranger = { type: 'loyalty_id' as const, value: 'cus_new_member' };
    await register.record(saleOf('R-0', [{ item: shelf[0] ?? never() }], stranger));
    await register.flush();
    expect((await register.status()).deadLetters).toBe(1);
    on.engine.addCustomer({ id: 'cus_new_member', firstName: 'Noor' });
    for (let n = 1; n <= 20; n++) await register.record(saleOf(`R-${n}`, [{ item: shelf[n % 3] ?? never() }], ada));

    let release = (): void => {};
    const entered = new Promise<void>((resolve) => {
      hold = { entered: resolve, released: new Promise<void>((done) => (release = done)) };
    });
    const flushed = register.flush();
    await entered;
    expect(await register.deadLetters.replay('all')).toBe(1);
    release();
    const result = await flushed;

    expect(recordedIds(on)).toContain('R-0');
    expect(result.remaining).toBe(0);
    expect(recordedIds(on)).toHaveLength(21);
  });

  it('discards a dead letter for good when the operator says so', async () => {
    const on = platform();
    const register = client(on);
    await register.record(saleOf('R-9', [{ item: shelf[0] ?? never() }], { type: 'loyalty_id', value: 'cus_nobody' }));
    await until(async () => (await register.status()).deadLetters === 1);
    const [letter] = await register.deadLetters.list();
    expect(await register.deadLetters.discard([letter?.key ?? ''])).toBe(1);
    expect((await register.status()).deadLetters).toBe(0);
  });

  it('never dead-letters sales for a setup problem: a wrong API key stalls delivery and keeps them', async () => {
    const on = platform();
    const register = client(on, { platform: { baseUrl: on.baseUrl, apiKey: 'll_test_wrong_key_000000' } });
    const stalled: string[] = [];
    register.events.on('stalled', ({ error }) => stalled.push(error.code));
    await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
    await until(async () => (await register.status()).state === 'stalled');
    const status = await register.status();
    expect(status).toMatchObject({ depth: 1, deadLetters: 0, lastError: { code: 'unauthorized' } });
    expect(stalled).toEqual(['unauthorized']);
    expect(recordedIds(on)).toEqual([]);
  });
});

describe('status and events', () => {
  it('emits drained when the queue empties because its only sale was dead-lettered', async () => {
    const on = platform();
    const register = client(on);
    const seen: string[] = [];
    register.events.on('dead-lettered', () => seen.push('dead-lettered'));
    register.events.on('drained', () => seen.push('drained'));
    await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], { type: 'loyalty_id', value: 'cus_nobody' }));
    await until(() => seen.length === 2);
    expect(seen).toEqual(['dead-lettered', 'drained']);
  });

  it('does not call a failure stalled when the platform answered in between, even with a refusal', async () => {
    const on = platform();
    const register = client(on, { autoStart: false, stallAfterMs: 200 });
    const stalled: number[] = [];
    register.events.on('stalled', ({ since }) => stalled.push(since));
    const down = () => on.faults.set({ errorRates: { 503: 1 }, paths: ['/v1/transactions:batch'] });
    await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
    down();
    await register.flush();
    // The platform answers again: it refuses the lone sale as a whole, which is dead-lettered.
    on.faults.set({});
    on.faults.failNext({ count: 1, as: 422, paths: ['/v1/transactions:batch'] });
    await register.flush();
    expect((await register.status()).lastError?.code).not.toBe('unavailable');

    // Longer than stallAfterMs later, one failure is a new streak, not the old one going on.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await register.record(saleOf('R-2', [{ item: shelf[1] ?? never() }], ada));
    down();
    await register.flush();
    expect((await register.status()).state).toBe('backing-off');
    expect(stalled).toEqual([]);
  });

  it('keeps saying why a sale waits for its retry when another request succeeded meanwhile', async () => {
    const on = platform();
    // The platform answers a batch holding R-1 with 503 at once, and the other one later.
    server.use(
      http.post(`${on.baseUrl}/v1/transactions:batch`, async ({ request }) => {
        const body = new Uint8Array(await request.arrayBuffer());
        const first = new TextDecoder().decode(body).includes('"R-1"');
        if (first)
          return HttpResponse.json({ code: 'unavailable', title: 'Unavailable', status: 503 }, { status: 503 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        const response = await handleRequest(on.platform, {
          method: request.method,
          url: request.url,
          headers: Object.fromEntries(request.headers),
          body,
        });
        if (response.kind !== 'response') return HttpResponse.error();
        return new HttpResponse(response.body, { status: response.status, headers: response.headers });
      }),
    );
    const register = client(on, {
      autoStart: false,
      batch: { lingerMs: 0, maxItems: 1, concurrency: 2 },
      retry: { baseMs: 5_000, maxMs: 10_000, maxRetryAfterMs: 50 },
      attemptTimeoutMs: 1_000,
      sendTimeoutMs: 2_000,
    });
    await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
    await register.record(saleOf('R-2', [{ item: shelf[1] ?? never() }], { type: 'loyalty_id', value: 'cus_0002' }));
    expect(await register.flush()).toMatchObject({ delivered: 1, remaining: 1 });

    const status = await register.status();
    expect({ state: status.state, lastError: status.lastError?.code }).toEqual({
      state: 'backing-off',
      lastError: 'unavailable',
    });
  });
});

describe('closeAndFlush', () => {
  it('returns within its timeout with the platform down, loses nothing, and the next start delivers', async () => {
    const dir = tempDir();
    const on = platform({ faults: { stallRate: 1 } });
    const first = createPushClient({
      platform: { baseUrl: on.baseUrl, apiKey: on.apiKey },
      storeId: 'ams-01',
      registerId: 'reg-1',
      outbox: sqliteOutbox(join(dir, 'outbox.db')),
      batch: { lingerMs: 1 },
      retry: { baseMs: 5, maxMs: 20 },
      attemptTimeoutMs: 5_000,
    });
    for (let i = 0; i < 12; i++) await first.record(saleOf(`R-${i}`, [{ item: shelf[0] ?? never() }], ada));
    const started = Date.now();
    const result = await first.closeAndFlush({ timeoutMs: 300 });
    const tookMs = Date.now() - started;
    expect(tookMs).toBeLessThan(600);
    expect(result.remaining).toBe(12);
    expect(result.error?.code).toBe('close_timeout');
    expect(recordedIds(on)).toEqual([]);

    on.faults.clear();
    const second = createPushClient({
      platform: { baseUrl: on.baseUrl, apiKey: on.apiKey },
      storeId: 'ams-01',
      registerId: 'reg-1',
      outbox: sqliteOutbox(join(dir, 'outbox.db')),
      batch: { lingerMs: 1 },
    });
    cleanups.push(() => second.closeAndFlush({ timeoutMs: 500 }).then(() => {}));
    await until(async () => (await second.status()).depth === 0);
    expect(recordedIds(on)).toHaveLength(12);
  });

  it('keeps its timeout while a flush is waiting on a platform that does not answer', async () => {
    const on = platform({ faults: { stallRate: 1, paths: ['/v1/transactions:batch'] } });
    const register = client(on, {
      autoStart: false,
      attemptTimeoutMs: 3_000,
      sendTimeoutMs: 3_000,
      batch: { lingerMs: 1, maxItems: 5 },
    });
    for (let i = 0; i < 3; i++) await register.record(saleOf(`R-${i}`, [{ item: shelf[0] ?? never() }], ada));
    // The register flushes at the end of the day; then the app shuts down.
    const flushing = register.flush();
    await until(async () => (await register.status()).inFlight > 0);
    const started = Date.now();
    const result = await register.closeAndFlush({ timeoutMs: 300 });
    const tookMs = Date.now() - started;

    expect(tookMs).toBeLessThan(1_000);
    expect(result).toMatchObject({ remaining: 3, error: { code: 'close_timeout' } });
    expect((await flushing).delivered).toBe(0);
    expect(recordedIds(on)).toEqual([]);
  });

  it('answers a second call with the result of the first', async () => {
    const on = platform();
    const register = client(on);
    await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
    const first = await register.closeAndFlush({ timeoutMs: 1_000 });
    const again = await register.closeAndFlush({ timeoutMs: 1_000 });

    expect(first).toMatchObject({ delivered: 1, remaining: 0 });
    expect(again).toEqual(first);
  });

  it('refuses options that cannot work when created, instead of a client that never sends or blames the sale', () => {
    const on = platform();
    const invalid: Partial<PushClientOptions>[] = [
      { batch: { maxItems: 0 } },
      { batch: { maxItems: 501 } },
      { batch: { maxBytes: 4 * 1024 * 1024 } },
      { batch: { lingerMs: -1 } },
      { batch: { lingerMs: Number.NaN } },
      { retry: { baseMs: -1000, maxMs: 40, maxRetryAfterMs: 0 } },
      { retry: { baseMs: 60_000, maxMs: 1_000, maxRetryAfterMs: 0 } },
      { stallAfterMs: Number.NaN },
      { stallAfterMs: -1 },
      { sendTimeoutMs: 0 },
      { scanWindow: 0 },
      { storeId: 'ams 01' },
      { registerId: '' },
    ];
    for (const overrides of invalid) {
      expect(() => client(on, overrides), JSON.stringify(overrides)).toThrowError(
        expect.objectContaining({ code: 'invalid_option' }),
      );
    }
  });

  it('refuses a batch concurrency that is not a whole number from 1 to 16', () => {
    const on = platform();
    for (const concurrency of [0, 1.5, 17, Number.NaN]) {
      expect(() => client(on, { batch: { concurrency } })).toThrowError(
        expect.objectContaining({ code: 'invalid_option' }),
      );
    }
  });

  it('sends what it can when given all the time in the world, rather than giving up at once', async () => {
    for (const timeoutMs of [Number.POSITIVE_INFINITY, 2 ** 31]) {
      const on = platform({ faults: { latencyMs: 40 } });
      const register = client(on, { autoStart: false });
      await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
      expect(await register.closeAndFlush({ timeoutMs })).toMatchObject({
        delivered: 1,
        remaining: 0,
        error: undefined,
      });
    }
  });

  it('counts the sales a delivery already under way acknowledges while it waits', async () => {
    const on = platform({ faults: { latencyMs: 100 } });
    const register = client(on);
    for (let n = 1; n <= 5; n++) await register.record(saleOf(`R-${n}`, [{ item: shelf[0] ?? never() }], ada));
    await until(async () => (await register.status()).inFlight > 0);

    const result = await register.closeAndFlush({ timeoutMs: 2_000 });
    expect(result).toMatchObject({ delivered: 5, remaining: 0 });
    expect(recordedIds(on)).toHaveLength(5);
  });

  it('refuses a timeout that is not a duration, and still closes when called again properly', async () => {
    const on = platform();
    const register = client(on, { autoStart: false });
    await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
    for (const timeoutMs of [-1, Number.NaN]) {
      await expect(register.closeAndFlush({ timeoutMs })).rejects.toMatchObject({ code: 'invalid_option' });
    }
    expect(await register.closeAndFlush({ timeoutMs: 1_000 })).toMatchObject({ delivered: 1, remaining: 0 });
  });

  it('answers close_timeout when its time runs out, also while a request is on the wire', async () => {
    const on = platform({ faults: { latencyMs: 400, paths: ['/v1/transactions:batch'] } });
    const register = client(on, { autoStart: false, attemptTimeoutMs: 2_000, sendTimeoutMs: 2_000 });
    await register.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
    const result = await register.closeAndFlush({ timeoutMs: 50 });
    expect(result).toMatchObject({ delivered: 0, remaining: 1, error: { code: 'close_timeout' } });
  });

  it('accounts for a sale whose record() was still being stored when closing began', async () => {
    const dir = tempDir();
    const on = platform();
    const register = client(on, { outbox: sqliteOutbox(join(dir, 'outbox.db')) });
    await register.record(saleOf('R-0', [{ item: shelf[0] ?? never() }], ada));
    const recording = register.record(saleOf('R-1', [{ item: shelf[1] ?? never() }], ada));
    const [receipt, result] = await Promise.all([recording, register.closeAndFlush({ timeoutMs: 2_000 })]);

    expect(receipt.status).toBe('recorded');
    const delivered = recordedIds(on).filter((id) => id === 'R-1').length;
    expect(delivered + result.remaining).toBe(1);
  });

  it('answers client_closed from the dead-letter list after close, as from the client itself', async () => {
    const on = platform();
    const register = client(on);
    await register.closeAndFlush({ timeoutMs: 100 });
    for (const call of [
      () => register.deadLetters.list(),
      () => register.deadLetters.replay('all'),
      () => register.deadLetters.discard('all'),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'client_closed' });
    }
  });

  it('refuses records after close', async () => {
    const on = platform();
    const register = client(on);
    await register.closeAndFlush({ timeoutMs: 100 });
    const error = await register
      .record(saleOf('R-1', [{ item: shelf[0] ?? never() }]))
      .catch((caught: unknown) => caught);
    expect((error as { code?: string }).code).toBe('client_closed');
  });
});

describe('one drainer per outbox', () => {
  it('lets only one of two clients on the same SQLite file deliver, and nothing arrives twice', async () => {
    const dir = tempDir();
    const on = platform({ faults: { latencyMs: 5 } });
    const make = () =>
      client(on, {
        outbox: sqliteOutbox(join(dir, 'shared.db')),
        leaseTtlMs: 2_000,
        batch: { lingerMs: 1, maxItems: 5 },
      });
    const a = make();
    const b = make();
    const deliveredBy = { a: 0, b: 0 };
    a.events.on('delivered', ({ count }) => {
      deliveredBy.a += count;
    });
    b.events.on('delivered', ({ count }) => {
      deliveredBy.b += count;
    });
    for (let i = 0; i < 20; i++)
      await (i % 2 === 0 ? a : b).record(saleOf(`R-${i}`, [{ item: shelf[0] ?? never() }], ada));
    await until(async () => (await a.status()).depth === 0);
    expect(recordedIds(on)).toHaveLength(20);
    expect(new Set(recordedIds(on)).size).toBe(20);
    // Both recorded; whoever took the lease delivered everything, including the other's sales.
    expect([deliveredBy.a, deliveredBy.b].sort((x, y) => x - y)).toEqual([0, 20]);
  });
});

describe('losing the lease', () => {
  it('reports a lost lease once, though requests were in flight when it went', async () => {
    const dir = tempDir();
    const clock = createManualClock(Date.parse('2026-03-14T09:00:00Z'));
    const on = platform({ faults: { latencyMs: 300, paths: ['/v1/transactions:batch'] } });
    const shared = { clock, leaseTtlMs: 1_000, attemptTimeoutMs: 10_000, sendTimeoutMs: 10_000 };
    const a = client(on, {
      ...shared,
      outbox: sqliteOutbox(join(dir, 'shared.db')),
      batch: { lingerMs: 0, maxItems: 1, concurrency: 2 },
    });
    const lost: string[] = [];
    a.events.on('lease-lost', ({ owner }) => lost.push(owner));
    await a.record(saleOf('R-1', [{ item: shelf[0] ?? never() }], ada));
    await a.record(saleOf('R-2', [{ item: shelf[0] ?? never() }], { type: 'loyalty_id', value: 'cus_0002' }));
    clock.advance(1);
    await until(async () => (await a.status()).inFlight === 2);

    // While both requests travel, the lease runs out and another process takes it.
    clock.advance(2_000);
    const b = client(on, { ...shared, outbox: sqliteOutbox(join(dir, 'shared.db')), autoStart: false });
    await b.record(saleOf('R-3', [{ item: shelf[0] ?? never() }], ada));
    await b.flush();

    await until(async () => (await a.status()).inFlight === 0 && lost.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lost).toHaveLength(1);
    expect([...new Set(recordedIds(on))].sort()).toEqual(['R-1', 'R-2', 'R-3']);
  });
});

function never(): never {
  throw new Error('missing fixture');
}
