import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '../src/seed/seed-catalog';
import { type Api, api } from './support/api';
import { type Harness, transports } from './support/harness';

describe.each(transports)('catalog sync over $name', ({ start }) => {
  let harness: Harness;
  let client: Api;
  beforeAll(async () => {
    harness = await start();
    client = api(harness);
  });
  afterAll(() => harness.close());

  const catalog = seedCatalog();
  const hashOf = (sku: string, version = 1) => `h${version}-${sku.toLowerCase()}`;

  it('creates products, answers unchanged for the same hash, updated for another, and removes', async () => {
    const chunk = catalog.slice(0, 60).map((product) => ({ product, hash: hashOf(product.sku) }));
    const created = await client.post('/v1/products:sync', { syncId: 'run-1', upserts: chunk });
    expect(created.status).toBe(200);
    expect(created.json.results).toHaveLength(60);
    expect(created.json.results.every((result: { status: string }) => result.status === 'created')).toBe(true);

    const [first, second] = catalog;
    if (first === undefined || second === undefined) throw new Error('the seed catalog is empty');
    const again = await client.post('/v1/products:sync', {
      upserts: [
        { product: first, hash: hashOf(first.sku) },
        { product: { ...second, price: { amount: 999, currency: 'EUR' } }, hash: hashOf(second.sku, 2) },
      ],
      removals: [catalog[2]?.sku],
    });
    expect(again.json.results).toEqual([
      { sku: first.sku, status: 'unchanged' },
      { sku: second.sku, status: 'updated' },
      { sku: catalog[2]?.sku, status: 'removed' },
    ]);
    const stored = harness.platform.inspect.products();
    expect(stored).toHaveLength(59);
    expect(stored.find((entry) => entry.product.sku === second.sku)).toMatchObject({
      hash: hashOf(second.sku, 2),
      product: { price: { amount: 999 } },
    });
  });

  it('syncs the whole seed catalog in chunks', async () => {
    const upserts = catalog.map((product) => ({ product, hash: hashOf(product.sku, 3) }));
    for (let from = 0; from < upserts.length; from += 50) {
      const response = await client.post('/v1/products:sync', { upserts: upserts.slice(from, from + 50) });
      expect(response.status).toBe(200);
    }
    expect(harness.platform.inspect.products()).toHaveLength(catalog.length);
  });

  it('rejects a product priced in another currency on its own, and refuses chunks over 1,000 (422)', async () => {
    const [first] = catalog;
    if (first === undefined) throw new Error('the seed catalog is empty');
    const response = await client.post('/v1/products:sync', {
      upserts: [{ product: { ...first, sku: 'USD-1', price: { amount: 100, currency: 'USD' } }, hash: 'hash-usd-1' }],
    });
    expect(response.json.results).toEqual([
      { sku: 'USD-1', status: 'rejected', problem: expect.objectContaining({ code: 'currency_mismatch' }) },
    ]);
    const tooMany = Array.from({ length: 1001 }, (_, index) => `SKU-${index}`);
    const big = await client.post('/v1/products:sync', { removals: tooMany });
    expect(big).toMatchObject({ status: 422, json: { code: 'validation_failed' } });
    expect(big.json.errors[0].path).toEqual(['removals']);
  });
});
