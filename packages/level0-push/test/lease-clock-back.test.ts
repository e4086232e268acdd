// The wall clock of a register steps back while a process drains (NTP corrects a clock that was wrong at
// boot). Two processes of the register share the outbox file: only one may drain at a time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '@loyalty-link/core';
import { createMockPlatform, knownCustomers } from '@loyalty-link/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPushClient, type PushClient } from '../src/index';
import { sqliteOutbox } from '../src/sqlite';
import { until } from './support/observe';
import { saleOf, shelf } from './support/register';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const item =
  shelf[0] ??
  (() => {
    throw new Error('empty shelf');
  })();
const ada = { type: 'loyalty_id' as const, value: knownCustomers.ada.customer.id };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two processes on one SQLite outbox while the register clock steps back', () => {
  it('never has both processes draining (each sale is sent by one of them only)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-lease-clock-back-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'shared.db');
    const on = createMockPlatform({ faults: { latencyMs: 80, paths: ['/v1/transactions:batch'] } });
    server.use(...on.handlers);
    cleanups.push(() => on.close());

    // One register, one wall clock: a day fast at boot, until NTP corrects it.
    const day = 24 * 60 * 60 * 1000;
    let offset = day;
    const clock: Clock = {
      now: () => Date.now() + offset,
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    const make = (registerId: string): PushClient => {
      const created = createPushClient({
        platform: { baseUrl: on.baseUrl, apiKey: on.apiKey },
        storeId: 'ams-01',
        registerId,
        outbox: sqliteOutbox(file),
        batch: { lingerMs: 1, maxItems: 5 },
        retry: { baseMs: 5, maxMs: 40, maxRetryAfterMs: 50 },
        attemptTimeoutMs: 2_000,
        sendTimeoutMs: 5_000,
        leaseTtlMs: 300,
        clock,
      });
      cleanups.push(async () => {
        await created.closeAndFlush({ timeoutMs: 500 }).catch(() => {});
      });
      return created;
    };

    const till = make('reg-1');
    await till.record(saleOf('T-0', [{ item }], ada));
    await until(async () => (await till.status()).depth === 0);
    // The back-office tool on the same file; it sits idle, looking at the file now and then.
    const tool = make('reg-1');
    const lost: string[] = [];
    till.events.on('lease-lost', () => lost.push('till'));

    // NTP steps the clock back by the day. The till keeps selling.
    offset = 0;
    for (let i = 1; i <= 60; i++) {
      await till.record(saleOf(`T-${i}`, [{ item }], ada));
      await sleep(25);
    }
    await until(async () => (await till.status()).depth === 0 && (await tool.status()).depth === 0);
    await sleep(300);

    // How often each sale travelled: twice means two drainers had it in flight at once.
    const sent = new Map<string, number>();
    for (const request of on.inspect.requests()) {
      if (!request.path.endsWith('/transactions:batch')) continue;
      const body = JSON.parse(request.requestBody) as { items: { idempotencyKey: string }[] };
      for (const entry of body.items) sent.set(entry.idempotencyKey, (sent.get(entry.idempotencyKey) ?? 0) + 1);
    }
    const sentTwice = [...sent.values()].filter((count) => count > 1).length;
    expect(sentTwice).toBe(0);
    expect(sent.size).toBe(61);
    // The tool may take over the lease the till wrote a day ahead; if it does, the till says so.
    expect(lost.length).toBeLessThanOrEqual(1);
  }, 30_000);
});
