import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockPlatform, type MockPlatform, seedCatalog } from '@loyalty-link/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPushClient, isAbortError, type ProductInput, type PushClient } from '../src/index';
import { sqliteOutbox } from '../src/sqlite';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let dir = '';
const open: PushClient[] = [];
afterEach(async () => {
  for (const client of open.splice(0)) await client.closeAndFlush({ timeoutMs: 100 });
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function setup(): { on: MockPlatform; client: () => PushClient } {
  dir = mkdtempSync(join(tmpdir(), 'll-sync-'));
  const on = createMockPlatform();
  server.use(...on.handlers);
  const client = () => {
    const created = createPushClient({
      platform: { baseUrl: on.baseUrl, apiKey: on.apiKey },
      storeId: 'ams-01',
      registerId: 'reg-1',
      outbox: sqliteOutbox(join(dir, 'outbox.db')),
      autoStart: false,
    });
    open.push(created);
    return created;
  };
  return { on, client };
}

function syncRequests(on: MockPlatform): { upserts: number; removals: number }[] {
  return on.inspect
    .requests()
    .filter((request) => request.path === '/v1/products:sync')
    .map((request) => {
      const body = JSON.parse(request.requestBody) as { upserts: unknown[]; removals: unknown[] };
      return { upserts: body.upserts.length, removals: body.removals.length };
    });
}

describe('syncProducts', () => {
  it('sends the whole catalog in chunks the first time, then only what changed', async () => {
    const { on, client } = setup();
    const catalog = seedCatalog();
    const register = client();
    const progress: number[] = [];
    const first = await register.syncProducts(catalog, {
      chunkSize: 50,
      onProgress: ({ done }) => progress.push(done),
    });
    expect(first).toMatchObject({
      catalogSize: catalog.length,
      upserted: catalog.length,
      skipped: 0,
      removed: 0,
      rejected: [],
    });
    expect(on.inspect.products()).toHaveLength(catalog.length);
    expect(syncRequests(on).every(({ upserts }) => upserts <= 50)).toBe(true);
    expect(progress.at(-1)).toBe(catalog.length);

    const [changed, removed, ...rest] = catalog;
    if (changed === undefined || removed === undefined) throw new Error('seed catalog too small');
    const repriced: ProductInput = {
      ...changed,
      price: { amount: changed.price.amount + 10, currency: changed.price.currency },
    };
    const before = syncRequests(on).length;
    const second = await register.syncProducts([repriced, ...rest], { chunkSize: 50 });
    expect(second).toMatchObject({ upserted: 1, removed: 1, skipped: catalog.length - 2 });
    expect(syncRequests(on).slice(before)).toEqual([{ upserts: 1, removals: 1 }]);
    expect(on.inspect.products().map((product) => product.product.sku)).not.toContain(removed.sku);
  });

  it('never sends more than 1,000 products per request', async () => {
    const { on, client } = setup();
    const base = seedCatalog()[0];
    if (base === undefined) throw new Error('seed catalog empty');
    const big = Array.from({ length: 2_300 }, (_, i) => ({ ...base, sku: `BULK-${i}`, name: `Bulk item ${i}` }));
    const report = await client().syncProducts(big);
    expect(report.upserted).toBe(2_300);
    expect(syncRequests(on).map(({ upserts }) => upserts)).toEqual([1_000, 1_000, 300]);
  });

  it('resumes after an interrupted sync with only what the platform has not acknowledged', async () => {
    const { on, client } = setup();
    const catalog = seedCatalog();
    const stop = new AbortController();
    const interrupted = await client()
      .syncProducts(catalog, {
        chunkSize: 40,
        signal: stop.signal,
        onProgress: ({ chunks }) => {
          if (chunks === 1) stop.abort(new Error('register switched off'));
        },
      })
      .catch((error: unknown) => error);
    expect(isAbortError(interrupted)).toBe(true);
    expect(syncRequests(on)).toHaveLength(1);

    // A new client on the same outbox file, as after a restart.
    const resumed = await client().syncProducts(catalog, { chunkSize: 40 });
    expect(resumed.skipped).toBe(40);
    expect(resumed.upserted).toBe(catalog.length - 40);
    expect(
      syncRequests(on)
        .slice(1)
        .reduce((sum, request) => sum + request.upserts, 0),
    ).toBe(catalog.length - 40);
    expect(on.inspect.products()).toHaveLength(catalog.length);
  });

  it('reports invalid and duplicate products and syncs the rest', async () => {
    const { on, client } = setup();
    const [good, other] = seedCatalog();
    if (good === undefined || other === undefined) throw new Error('seed catalog too small');
    const report = await client().syncProducts([good, { ...other, price: { amount: 1.5, currency: 'EUR' } }, good]);
    expect(report.upserted).toBe(1);
    expect(report.rejected.map((rejection) => rejection.code)).toEqual(['validation_failed', 'duplicate_sku']);
    expect(on.inspect.products()).toHaveLength(1);
  });
});
