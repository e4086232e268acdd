import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConfigurationError, isLoyaltyLinkError, isValidationError } from '@loyalty-link/core';
import { createMockPlatform, handleRequest, type MockPlatform, seedCatalog } from '@loyalty-link/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPushClient, isAbortError, type OutboxStore, type ProductInput, type PushClient } from '../src/index';
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

function setup(): {
  on: MockPlatform;
  client: (outbox?: (file: OutboxStore) => OutboxStore) => PushClient;
  store: () => OutboxStore;
} {
  dir = mkdtempSync(join(tmpdir(), 'll-sync-'));
  const on = createMockPlatform();
  server.use(...on.handlers);
  const store = () => sqliteOutbox(join(dir, 'outbox.db'));
  const client = (outbox: (file: OutboxStore) => OutboxStore = (file) => file) => {
    const created = createPushClient({
      platform: { baseUrl: on.baseUrl, apiKey: on.apiKey },
      storeId: 'ams-01',
      registerId: 'reg-1',
      outbox: outbox(store()),
      autoStart: false,
    });
    open.push(created);
    return created;
  };
  return { on, client, store };
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

/** A product of the seed catalog under another SKU, at `price` cents. */
function product(sku: string, price = 300): ProductInput {
  const first = seedCatalog()[0];
  if (first === undefined) throw new Error('seed catalog empty');
  return { ...first, sku, price: { amount: price, currency: 'EUR' } };
}

function onPlatform(on: MockPlatform): Map<string, number> {
  return new Map(on.inspect.products().map(({ product: held }) => [held.sku, held.price.amount]));
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

describe('syncProducts: the platform ends up with the catalog', () => {
  it('applies a price that goes back to an earlier one, and a product removed a second time', async () => {
    const { on, client } = setup();
    const register = client();
    await register.syncProducts([product('COFFEE', 300), product('PUMPKIN-LATTE')]);
    await register.syncProducts([product('COFFEE', 250)]);
    await register.syncProducts([product('COFFEE', 300), product('PUMPKIN-LATTE')]);
    const report = await register.syncProducts([product('COFFEE', 300)]);

    expect(report).toMatchObject({ skipped: 1, removed: 1 });
    expect(onPlatform(on)).toEqual(new Map([['COFFEE', 300]]));
  });

  it('leaves a product the catalog gets wrong as it is on the platform, instead of removing it', async () => {
    const { on, client } = setup();
    const register = client();
    await register.syncProducts([product('A'), product('B', 450)]);
    const report = await register.syncProducts([
      product('A'),
      { ...product('B'), price: { amount: 4.5, currency: 'EUR' } },
    ]);

    expect(report.rejected.map(({ sku, code }) => [sku, code])).toEqual([['B', 'validation_failed']]);
    expect(report.removed).toBe(0);
    expect(onPlatform(on)).toEqual(
      new Map([
        ['A', 300],
        ['B', 450],
      ]),
    );
  });

  it('sends a product again when the answer to its request was lost, even once it is back at its earlier version', async () => {
    const { on, client } = setup();
    await client().syncProducts([product('A', 300)]);
    // The register dies after the platform applied the chunk and before the answer was recorded.
    const dying = client((file) => {
      let saves = 0;
      return {
        ...file,
        saveProductHashes: (changes) =>
          ++saves === 2 ? Promise.reject(new Error('power cut')) : file.saveProductHashes(changes),
      };
    });
    await expect(dying.syncProducts([product('A', 30_000)])).rejects.toThrow('power cut');
    expect(onPlatform(on).get('A')).toBe(30_000);

    // After the restart the typo is fixed: the catalog is back at the version acknowledged before.
    const report = await client().syncProducts([product('A', 300)]);
    expect(report.skipped).toBe(0);
    expect(onPlatform(on).get('A')).toBe(300);
  });

  it('sends a product again after an error answer from a platform that had applied it', async () => {
    const { on, client } = setup();
    const register = client();
    await register.syncProducts([product('A', 300), product('B')]);
    on.faults.failNext({ count: 1, as: 400, failurePoint: 'after', paths: ['/v1/products:sync'] });
    await expect(register.syncProducts([product('A', 30_000)])).rejects.toThrow();
    expect(onPlatform(on)).toEqual(new Map([['A', 30_000]]));

    await register.syncProducts([product('A', 300), product('B')]);
    expect(onPlatform(on)).toEqual(
      new Map([
        ['A', 300],
        ['B', 300],
      ]),
    );
  });

  it('runs one sync at a time, so the one started last decides what the outbox records', async () => {
    const { on, client } = setup();
    const register = client();
    await register.syncProducts([product('A', 100)]);
    // The platform applies each request at once but holds the first answer back, as a congested link would.
    let holdNext = true;
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      http.post(`${on.baseUrl}/v1/products:sync`, async ({ request }) => {
        const response = await handleRequest(on.platform, {
          method: request.method,
          url: request.url,
          headers: Object.fromEntries(request.headers),
          body: new Uint8Array(await request.arrayBuffer()),
        });
        if (response.kind !== 'response') return HttpResponse.error();
        if (holdNext) {
          holdNext = false;
          await released;
        }
        return new HttpResponse(response.body, { status: response.status, headers: response.headers });
      }),
    );

    const scheduled = register.syncProducts([product('A', 200)]);
    const syncNow = register.syncProducts([product('A', 300)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(syncRequests(on)).toHaveLength(2);
    release();
    await Promise.all([scheduled, syncNow]);
    expect(onPlatform(on).get('A')).toBe(300);

    const again = await register.syncProducts([product('A', 200)]);
    expect(again.skipped).toBe(0);
    expect(onPlatform(on).get('A')).toBe(200);
  });

  it('stops a sync when the client closes, sends nothing after, and the next start completes it', async () => {
    const { on, client } = setup();
    const register = client();
    const catalog = Array.from({ length: 30 }, (_, index) => product(`S-${index}`));
    on.faults.set({ latencyMs: 100 });
    let closed: Promise<unknown> = Promise.resolve();
    let requestsAtClose = -1;
    const sync = register
      .syncProducts(catalog, {
        chunkSize: 10,
        onProgress: ({ chunks }) => {
          if (chunks === 1) {
            closed = register.closeAndFlush({ timeoutMs: 50 }).then(() => {
              requestsAtClose = syncRequests(on).length;
            });
          }
        },
      })
      .catch((error: unknown) => error);
    expect(isAbortError(await sync)).toBe(true);
    await closed;
    expect(syncRequests(on)).toHaveLength(requestsAtClose);

    on.faults.set({});
    const resumed = await client().syncProducts(catalog, { chunkSize: 10 });
    expect(resumed.skipped).toBe(10);
    expect(resumed.upserted + resumed.unchanged).toBe(20);
    expect(on.inspect.products()).toHaveLength(30);
  });

  it('keeps every request under the body limit for a catalog written in a non-Latin script', async () => {
    const { on, client } = setup();
    const text = (length: number) => '抹茶ラテ'.repeat(50).slice(0, length);
    const catalog = Array.from({ length: 1_000 }, (_, index) => ({
      ...product(`JP-${index}`),
      name: `${text(190)}${index}`,
      brand: text(100),
      family: text(100),
      categories: ['飲み物', '抹茶'],
    }));
    const report = await client().syncProducts(catalog);

    expect(report.upserted).toBe(1_000);
    const sizes = on.inspect
      .requests()
      .filter((request) => request.path === '/v1/products:sync')
      .map((request) => ({ bytes: Buffer.byteLength(request.requestBody), status: request.status }));
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.every(({ bytes, status }) => bytes <= 1_048_576 && status === 200)).toBe(true);
  });
});

describe('syncProducts: bad input', () => {
  it.each([0, -5, Number.NaN, 0.5, 1_001])('refuses chunkSize %s before sending anything', async (chunkSize) => {
    const { on, client } = setup();
    const error = await client()
      .syncProducts([product('A')], { chunkSize })
      .catch((caught: unknown) => caught);
    expect(isConfigurationError(error) && error.code).toBe('invalid_option');
    expect(syncRequests(on)).toEqual([]);
  });

  it('refuses an empty catalog that would remove everything, unless removing everything is asked for', async () => {
    const { on, client } = setup();
    const register = client();
    await register.syncProducts([product('A'), product('B')]);

    const refused = await register.syncProducts([]).catch((caught: unknown) => caught);
    expect(isValidationError(refused) && refused.issues[0]?.code).toBe('empty_catalog');
    expect(on.inspect.products()).toHaveLength(2);

    expect((await register.syncProducts([], { removeMissing: true })).removed).toBe(2);
    expect(on.inspect.products()).toHaveLength(0);
  });

  it('refuses a catalog that is not a list of products with a validation error', async () => {
    const { client } = setup();
    const error = await client()
      .syncProducts(42 as unknown as ProductInput[])
      .catch((caught: unknown) => caught);
    expect(isValidationError(error) && error.issues[0]?.code).toBe('invalid_type');
  });

  it('reports an entry that is no product, and a field of the wrong type, and syncs the rest', async () => {
    const { on, client } = setup();
    const report = await client().syncProducts([
      product('A'),
      null as unknown as ProductInput,
      { ...product('B'), name: 42 } as unknown as ProductInput,
    ]);
    expect(report.rejected).toEqual([
      { sku: '#1', code: 'validation_failed', message: expect.any(String) },
      { sku: 'B', code: 'validation_failed', message: 'name: must be a string' },
    ]);
    expect(isLoyaltyLinkError(report)).toBe(false);
    expect([...onPlatform(on).keys()]).toEqual(['A']);
  });
});
