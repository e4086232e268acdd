import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, api } from './support/api';
import { type Harness, transports } from './support/harness';
import { byId, item } from './support/transactions';

describe.each(transports)('holds over $name', ({ start }) => {
  let harness: Harness;
  let client: Api;
  beforeAll(async () => {
    harness = await start();
    client = api(harness);
  });
  afterAll(() => harness.close());

  const reserve = (customerId: string, points: number, extra: Record<string, unknown> = {}) =>
    client.post('/v1/holds', { customerId, storeId: 'ams-centrum', registerId: 'reg-1', points, ...extra });

  it('never overspends: 20 concurrent reserves against one balance hold at most what it has', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 1050 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => reserve(customer.id, 100)));
    const created = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status === 422);
    expect(created).toHaveLength(10);
    expect(refused).toHaveLength(10);
    for (const answer of refused) expect(answer.json.code).toBe('insufficient_points');
    const balance = harness.platform.inspect.balance(customer.id);
    expect(balance?.points).toMatchObject({ available: 50, held: 1000 });
    const held = harness.platform.inspect
      .holds()
      .filter((hold) => hold.customerId === customer.id && hold.status === 'active')
      .reduce((sum, hold) => sum + hold.points, 0);
    expect(held).toBeLessThanOrEqual(1050);
    expect(harness.platform.inspect.consistency()).toEqual([]);
  });

  it('expires a hold when its time to live passes, returns the points and publishes hold.expired', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 500 });
    const hold = await reserve(customer.id, 200, { ttlSeconds: 30 });
    expect(hold.json).toMatchObject({ status: 'active', points: 200, amount: { amount: 200, currency: 'EUR' } });
    expect(Date.parse(hold.json.expiresAt) - Date.parse(hold.json.createdAt)).toBe(30_000);
    harness.clock.advance(29_999);
    expect(harness.platform.inspect.balance(customer.id)?.points.held).toBe(200);
    // Nobody calls the platform: the timer alone expires the hold.
    harness.clock.advance(1);
    const events = harness.platform.inspect.events().map((entry) => entry.frame.event);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'hold.expired', holdId: hold.json.id, customerId: customer.id }),
    );
    expect(harness.platform.inspect.balance(customer.id)?.points).toMatchObject({ available: 500, held: 0 });
    const read = await client.get(`/v1/holds/${hold.json.id}`);
    expect(read.json.status).toBe('expired');
  });

  it('defaults the time to live to 900 seconds and refuses more than 86,400', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 500 });
    const hold = await reserve(customer.id, 100);
    expect(Date.parse(hold.json.expiresAt) - Date.parse(hold.json.createdAt)).toBe(900_000);
    const tooLong = await reserve(customer.id, 100, { ttlSeconds: 86_401 });
    expect(tooLong.status).toBe(422);
    expect(tooLong.json.errors[0].path).toEqual(['ttlSeconds']);
  });

  it('releases: points come back; releasing again or after expiry answers the hold unchanged', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 300 });
    const hold = await reserve(customer.id, 300);
    const released = await client.post(`/v1/holds/${hold.json.id}:release`, {});
    expect(released).toMatchObject({ status: 200, json: { status: 'released' } });
    expect(harness.platform.inspect.balance(customer.id)?.points).toMatchObject({ available: 300, held: 0 });
    const again = await client.post(`/v1/holds/${hold.json.id}:release`, undefined);
    expect(again).toMatchObject({ status: 200, json: { status: 'released' } });
    expect(harness.platform.inspect.balance(customer.id)?.points.available).toBe(300);
  });

  it('commits explicitly; refuses to commit an expired hold (hold_expired) or release a committed one (hold_not_active)', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 1000, qualifyingPoints: 0 });
    const hold = await reserve(customer.id, 400);
    const committed = await client.post(`/v1/holds/${hold.json.id}:commit`, { transactionId: 'S-100' });
    expect(committed).toMatchObject({ status: 200, json: { status: 'committed', transactionId: 'S-100' } });
    expect(harness.platform.inspect.balance(customer.id)?.points).toMatchObject({ available: 600, held: 0 });
    const release = await client.post(`/v1/holds/${hold.json.id}:release`, {});
    expect(release).toMatchObject({ status: 409, json: { code: 'hold_not_active' } });
    // The sale that carries it later does not spend it twice.
    await client.post('/v1/transactions:batch', {
      items: [
        item({ id: 'S-100', customer: byId(customer.id), holdIds: [hold.json.id], lines: [{ sku: 'X', price: 100 }] }),
      ],
    });
    expect(harness.platform.inspect.balance(customer.id)?.points.available).toBe(601);

    const short = await reserve(customer.id, 100, { ttlSeconds: 10 });
    harness.clock.advance(10_000);
    const late = await client.post(`/v1/holds/${short.json.id}:commit`, { transactionId: 'S-101' });
    expect(late).toMatchObject({ status: 409, json: { code: 'hold_expired' } });
    const unknown = await client.post('/v1/holds/hold_nope:commit', { transactionId: 'S-102' });
    expect(unknown).toMatchObject({ status: 404, json: { code: 'hold_not_found' } });
  });

  it('refuses holds beyond the balance, for blocked members and for unknown customers', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 99 });
    expect((await reserve(customer.id, 100)).json).toMatchObject({ status: 422, code: 'insufficient_points' });
    expect((await reserve('cus_0004', 10)).json).toMatchObject({ status: 422, code: 'customer_inactive' });
    expect((await reserve('cus_nobody', 10)).json).toMatchObject({ status: 404, code: 'customer_not_found' });
  });

  it('replays a retried reserve with the same key instead of holding twice', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 500 });
    const body = { customerId: customer.id, storeId: 'ams-centrum', registerId: 'reg-1', points: 200 };
    const first = await client.post('/v1/holds', body, { key: 'reserve-once' });
    const retry = await client.post('/v1/holds', body, { key: 'reserve-once' });
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(harness.platform.inspect.balance(customer.id)?.points).toMatchObject({ available: 300, held: 200 });
  });
});
