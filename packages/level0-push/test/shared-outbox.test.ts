import { join } from 'node:path';
import { knownCustomers, type MockPlatform } from '@loyalty-link/testing';
import Database from 'better-sqlite3';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPushClient, type PushClient, type PushClientOptions } from '../src/index';
import { sqliteOutbox } from '../src/sqlite';
import { recordedIds, until } from './support/observe';
import { fullReturnOf, saleOf, shelf } from './support/register';
import { useTestBed } from './support/test-bed';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ada = { type: 'loyalty_id' as const, value: knownCustomers.ada.customer.id };
const item =
  shelf[0] ??
  (() => {
    throw new Error('empty shelf');
  })();
const { cleanups, platform, tempDir } = useTestBed(server);

function sharedFile(): string {
  return join(tempDir('ll-shared-outbox-'), 'shared.db');
}

function client(on: MockPlatform, file: string, overrides: Partial<PushClientOptions> = {}): PushClient {
  const created = createPushClient({
    platform: { baseUrl: on.baseUrl, apiKey: on.apiKey },
    storeId: 'ams-01',
    registerId: 'reg-1',
    outbox: sqliteOutbox(file),
    batch: { lingerMs: 1, maxItems: 20 },
    retry: { baseMs: 5, maxMs: 40, maxRetryAfterMs: 50 },
    attemptTimeoutMs: 150,
    sendTimeoutMs: 1_000,
    leaseTtlMs: 300,
    ...overrides,
  });
  cleanups.push(async () => {
    await created.closeAndFlush({ timeoutMs: 200 }).catch(() => {});
  });
  return created;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two clients on one SQLite outbox: hand-over', () => {
  it('delivers a sale the other client recorded and then closed on, while the lease holder sits idle', async () => {
    const file = sharedFile();
    const on = platform();
    // Register process A drains: it delivers its own sale and keeps the lease.
    const a = client(on, file);
    await a.record(saleOf('A-1', [{ item }], ada));
    await until(() => recordedIds(on).includes('A-1'));

    // A second process on the same file (a back-office tool, a second register app) records a sale at once
    // and shuts down cleanly: it could not drain, A holds the lease.
    const b = client(on, file);
    await b.record(saleOf('B-1', [{ item }], ada));
    const closed = await b.closeAndFlush({ timeoutMs: 500 });
    expect(closed.remaining).toBe(1);

    // A is alive and idle: it looks at the file now and then (a second here), finds B-1 and delivers it.
    await until(() => recordedIds(on).includes('B-1'));
    await until(async () => (await a.status()).depth === 0);
  });

  it('sends a dead letter an operator tool replayed on the shared file, then closed', async () => {
    const file = sharedFile();
    const on = platform();
    const a = client(on, file);
    const stranger = { type: 'loyalty_id' as const, value: 'cus_new_member' };
    // Recorded with another sale: the replay then travels in a batch of another key (see the last test).
    await Promise.all([a.record(saleOf('A-1', [{ item }], stranger)), a.record(saleOf('P-1', [{ item }], ada))]);
    await until(async () => (await a.status()).deadLetters === 1);
    on.engine.addCustomer({ id: 'cus_new_member', firstName: 'Noor' });

    // The support tool opens the same outbox, replays, and exits.
    const admin = client(on, file, { autoStart: false });
    expect(await admin.deadLetters.replay('all')).toBe(1);
    await admin.closeAndFlush({ timeoutMs: 500 });

    await until(() => recordedIds(on).includes('A-1'));
  });
});

describe('two clients on one SQLite outbox: shutdown while another program holds the file', () => {
  it('closes, and says why, when closeAndFlush meets an outbox another program holds', async () => {
    const file = sharedFile();
    const on = platform();
    const a = client(on, file, { leaseTtlMs: 3_000, outbox: sqliteOutbox(file, { busyTimeoutMs: 50 }) });
    await a.record(saleOf('A-1', [{ item }], ada));
    await until(() => recordedIds(on).includes('A-1'));
    // Over a third of the lease's time has passed since A last renewed it.
    await sleep(1_100);

    // Another program on the register (a backup or reporting tool) holds the write lock for a moment
    // exactly when the register shuts down.
    const other = new Database(file);
    cleanups.push(() => {
      other.close();
    });
    other.exec('BEGIN IMMEDIATE');
    const first = await a.closeAndFlush({ timeoutMs: 1_000 }).then(
      (result) => ({ resolved: result }),
      (error: unknown) => ({ rejected: (error as { code?: string }).code }),
    );
    other.exec('ROLLBACK');

    // It resolves within its timeout with the reason, and the client is closed; a second call (the exit
    // hook) gets the same result.
    const second = await a.closeAndFlush({ timeoutMs: 1_000 });
    expect(first).toEqual({ resolved: second });
    expect(second.error?.code).toBe('outbox_busy');
    expect(second.remaining).toBe(0);
    await expect(a.status()).rejects.toMatchObject({ code: 'client_closed' });
    // The lease it could not give up lapses: the next process on the file delivers within its time.
    const next = client(on, file, { leaseTtlMs: 3_000 });
    await next.record(saleOf('NEXT-1', [{ item }], ada));
    await until(() => recordedIds(on).includes('NEXT-1'));
  });
});

describe('two clients on one SQLite outbox: status', () => {
  it('does not call the register idle while its sales wait behind a platform that has been down for a while', async () => {
    const file = sharedFile();
    const on = platform();
    const shared = { stallAfterMs: 200, leaseTtlMs: 10_000, retry: { baseMs: 50, maxMs: 100, maxRetryAfterMs: 100 } };
    const a = client(on, file, shared);
    await a.record(saleOf('A-1', [{ item }], ada));
    await until(() => recordedIds(on).includes('A-1'));
    on.faults.set({ errorRates: { 503: 1 } });

    // B records while A holds the lease; A's next sale wakes A, which tries both and keeps failing.
    const b = client(on, file, shared);
    await b.record(saleOf('B-1', [{ item }], ada));
    await a.record(saleOf('A-2', [{ item }], ada));
    await until(async () => (await a.status()).state === 'stalled', 5_000);
    await sleep(500);

    const seenByB = await b.status();
    // B's status bar: two sales waiting on a platform that has been failing for longer than stallAfterMs,
    // yet "idle" (documented: nothing waits, or entries linger briefly to form a batch), and no error.
    expect(seenByB.depth).toBe(2);
    expect(seenByB.state).not.toBe('idle');
  });
});

describe('two clients on one SQLite outbox: order per customer', () => {
  it('never sends a return before its sale when the sale is replayed from the other client mid-drain', async () => {
    const file = sharedFile();
    const on = platform({ faults: { latencyMs: 150, paths: ['/v1/transactions:batch'] } });
    const stranger = { type: 'loyalty_id' as const, value: 'cus_new_member' };
    const a = client(on, file, {
      batch: { lingerMs: 1, maxItems: 2, concurrency: 2 },
      sendTimeoutMs: 5_000,
      attemptTimeoutMs: 2_000,
    });
    const sale = saleOf('D-1', [{ item, quantity: 2 }], stranger);
    // Recorded with another sale, so the replayed one later travels in a batch of another key.
    await Promise.all([a.record(sale), a.record(saleOf('P-1', [{ item }], ada))]);
    await until(async () => (await a.status()).deadLetters === 1);
    on.engine.addCustomer({ id: 'cus_new_member', firstName: 'Noor' });

    // A backlog builds (one member, so one request at a time), and at its end the return of the sale.
    const admin = client(on, file, { autoStart: false });
    for (let i = 0; i < 10; i++) await admin.record(saleOf(`S-${i}`, [{ item }], ada));
    await admin.recordReturn(fullReturnOf('X-1', sale));
    // Wake A with one of its own sales, then replay the fixed sale from the operator's tool while A drains.
    await a.record(saleOf('S-10', [{ item }], ada));
    await until(async () => (await a.status()).inFlight > 0);
    expect(await admin.deadLetters.replay('all')).toBe(1);

    await until(() => recordedIds(on).includes('X-1'));
    // Make sure A runs again, so the replayed sale goes out if it was left behind.
    await a.flush();
    await until(() => recordedIds(on).includes('D-1'));
    const order = recordedIds(on);
    expect(order.indexOf('D-1')).toBeLessThan(order.indexOf('X-1'));
    // The platform had to park the return: it arrived before the sale it returns.
    expect(on.inspect.transactions().find((recorded) => recorded.transaction.id === 'X-1')?.state).toBe('applied');
  });
});

describe('dead letters on a SQLite outbox', () => {
  it('delivers a replayed sale after the fix, though it was rejected alone in its batch the first time', async () => {
    const file = sharedFile();
    const on = platform();
    const a = client(on, file);
    const stranger = { type: 'loyalty_id' as const, value: 'cus_new_member' };
    // A quiet register: the sale travels alone.
    await a.record(saleOf('D-1', [{ item }], stranger));
    await until(async () => (await a.status()).deadLetters === 1);

    // The operator registers the customer on the platform, then replays, as the README says.
    on.engine.addCustomer({ id: 'cus_new_member', firstName: 'Noor' });
    expect(await a.deadLetters.replay('all')).toBe(1);
    await until(async () => {
      const status = await a.status();
      return status.depth === 0 && status.state === 'idle';
    });
    await sleep(200);

    const replayed = on.inspect.requests().filter((request) => request.replayed).length;
    const letters = await a.deadLetters.list();
    expect({
      delivered: recordedIds(on),
      deadLetters: letters.map((letter) => letter.reason.code),
      answersReplayed: replayed,
    }).toEqual({ delivered: ['D-1'], deadLetters: [], answersReplayed: 0 });
  });
});

describe('a sale sent again under the same item key', () => {
  it('is delivered when discarded from the dead letters and recorded again after the fix', async () => {
    const on = platform();
    const a = client(on, sharedFile());
    const stranger = { type: 'loyalty_id' as const, value: 'cus_new_member' };
    const sale = saleOf('D-1', [{ item }], stranger);
    await a.record(sale);
    await until(async () => (await a.status()).deadLetters === 1);

    // The operator discards it, registers the customer, and the cashier rings the same receipt up again.
    expect(await a.deadLetters.discard('all')).toBe(1);
    on.engine.addCustomer({ id: 'cus_new_member', firstName: 'Noor' });
    await a.record(sale);

    await until(() => recordedIds(on).includes('D-1'));
    expect(await a.deadLetters.list()).toEqual([]);
  });

  it('is answered as a duplicate when recorded again after it was delivered', async () => {
    const on = platform();
    const a = client(on, sharedFile());
    const answers: { accepted: number; duplicates: number }[] = [];
    a.events.on('delivered', ({ accepted, duplicates }) => answers.push({ accepted, duplicates }));
    const sale = saleOf('S-1', [{ item }], ada);
    await a.record(sale);
    await until(() => answers.length === 1);

    await a.record(sale);
    await until(() => answers.length === 2);

    expect(answers).toEqual([
      { accepted: 1, duplicates: 0 },
      { accepted: 0, duplicates: 1 },
    ]);
    expect(recordedIds(on)).toEqual(['S-1']);
  });
});
