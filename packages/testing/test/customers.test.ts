import type { CustomerRef } from '@loyalty-link/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownCustomers } from '../src/seed/known-customers';
import { type Api, api } from './support/api';
import { type Harness, transports } from './support/harness';
import { byId, item, mugCart } from './support/transactions';

describe.each(transports)('customers, balances and the ledger over $name', ({ start }) => {
  let harness: Harness;
  let client: Api;
  beforeAll(async () => {
    harness = await start();
    client = api(harness);
  });
  afterAll(() => harness.close());

  const ada = knownCustomers.ada.customer;
  const refs: [string, CustomerRef][] = [
    ['loyalty id', { type: 'loyalty_id', value: ada.id }],
    ['card, any case and without dashes', { type: 'card', value: 'bl10000001' }],
    ['card as printed', { type: 'card', value: 'BL-1000-0001' }],
    ['phone (E.164)', { type: 'phone', value: '+31612345678' }],
    ['email, any case', { type: 'email', value: 'Ada.Jansen@Example.COM' }],
    ['external id', { type: 'external_id', value: 'crm-10001' }],
  ];

  it.each(refs)('looks a customer up by %s', async (_, ref) => {
    const response = await client.post('/v1/customers:lookup', { ref });
    expect(response.status).toBe(200);
    expect(response.json.customer).toMatchObject({ id: ada.id, firstName: 'Ada', version: expect.any(Number) });
  });

  it('answers 404 customer_not_found without echoing the phone or email it was given', async () => {
    for (const ref of [
      { type: 'phone', value: '+31699999999' },
      { type: 'email', value: 'someone.secret@example.org' },
    ]) {
      const response = await client.post('/v1/customers:lookup', { ref });
      expect(response).toMatchObject({ status: 404, json: { code: 'customer_not_found' } });
      expect(response.text).not.toContain('99999999');
      expect(response.text).not.toContain('someone.secret');
    }
  });

  it('gets a customer and a balance with tier progress, rewards, stamp cards and wallets', async () => {
    const customer = await client.get(`/v1/customers/${ada.id}`);
    expect(customer.json).toMatchObject({ id: ada.id, status: 'active' });
    const balance = await client.get(`/v1/customers/${ada.id}/balance`);
    expect(balance.json).toMatchObject({
      customerId: ada.id,
      points: { available: 1250, held: 0, pending: 0 },
      monetaryValue: { amount: 1250, currency: 'EUR' },
      tier: { id: 'silver', qualifyingPoints: 1250, next: { id: 'gold', threshold: 2000, remaining: 750 } },
      stampCards: [{ ruleId: 'coffee-card', stamps: 7, stampsRequired: 10 }],
      wallets: [{ type: 'gift_card', balance: { amount: 1750, currency: 'EUR' } }],
    });
    // Usable rewards include every catalog reward her 1,250 points can buy.
    const rewardIds = balance.json.rewards.map((reward: { id: string }) => reward.id);
    expect(rewardIds).toEqual(expect.arrayContaining(['rw_free_cappuccino', 'rw_5_off', 'rw_10_percent']));
    expect((await client.get('/v1/customers/cus_nobody/balance')).json.code).toBe('customer_not_found');
  });

  it('increases the balance version with every change', async () => {
    const customer = harness.platform.engine.addCustomer();
    const before = (await client.get(`/v1/customers/${customer.id}/balance`)).json.version as number;
    await client.post('/v1/transactions:batch', {
      items: [item({ id: 'C-1', customer: byId(customer.id), lines: [{ sku: 'X', price: 500 }] })],
    });
    const after = (await client.get(`/v1/customers/${customer.id}/balance`)).json.version as number;
    expect(after).toBeGreaterThan(before);
  });

  it('pages the ledger newest first with opaque cursors, and the entries sum to the balance', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 10 });
    for (let n = 0; n < 7; n++) harness.platform.engine.adjustPoints(customer.id, n + 1, `Bonus ${n}`);
    const seen: { id: string; points: number }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = cursor === undefined ? '?limit=3' : `?limit=3&cursor=${encodeURIComponent(cursor)}`;
      const page = await client.get(`/v1/customers/${customer.id}/ledger${query}`);
      expect(page.status).toBe(200);
      seen.push(...page.json.items);
      cursor = page.json.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(8);
    expect(seen[0]?.points).toBe(7);
    expect(seen.at(-1)?.points).toBe(10);
    expect(seen.reduce((sum, entry) => sum + entry.points, 0)).toBe(10 + 28);
    const bad = await client.get(`/v1/customers/${customer.id}/ledger?cursor=garbage`);
    expect(bad).toMatchObject({ status: 422, json: { code: 'validation_failed' } });
    const badLimit = await client.get(`/v1/customers/${customer.id}/ledger?limit=201`);
    expect(badLimit.json.errors[0].path).toEqual(['limit']);
  });

  it('quotes a redemption without reserving anything', async () => {
    const quote = await client.post('/v1/redemptions:quote', {
      customerId: ada.id,
      cart: mugCart,
      request: { type: 'max' },
    });
    expect(quote.status).toBe(200);
    expect(quote.json).toMatchObject({
      ok: true,
      points: 740,
      amount: { amount: 740, currency: 'EUR' },
      limitedBy: 'basket_share',
    });
    const refused = await client.post('/v1/redemptions:quote', {
      customerId: knownCustomers.chloe.customer.id,
      cart: mugCart,
      request: { type: 'points', points: 200 },
    });
    expect(refused.json).toMatchObject({ ok: false, code: 'insufficient_points' });
    expect(harness.platform.inspect.balance(ada.id)?.points.held).toBe(0);
  });

  it('publishes customer.updated when a profile changes, and refuses a blocked member', async () => {
    const customer = harness.platform.engine.addCustomer();
    harness.platform.engine.updateCustomer(customer.id, { status: 'blocked' });
    const events = harness.platform.inspect.events().map((entry) => entry.frame.event);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'customer.updated', customerId: customer.id, version: 2 }),
    );
    const sale = await client.post('/v1/transactions:batch', {
      items: [item({ id: 'C-2', customer: byId(customer.id), lines: [{ sku: 'X', price: 500 }] })],
    });
    expect(sale.json.results[0].problem.code).toBe('customer_inactive');
  });
});
