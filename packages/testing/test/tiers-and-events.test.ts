import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, api } from './support/api';
import { type Harness, transports } from './support/harness';
import { byId, item } from './support/transactions';

describe.each(transports)('tiers and the event log over $name', ({ start }) => {
  let harness: Harness;
  let client: Api;
  beforeAll(async () => {
    harness = await start();
    client = api(harness);
  });
  afterAll(() => harness.close());

  const batch = (...items: unknown[]) => client.post('/v1/transactions:batch', { items });
  const eventsOf = (customerId: string) =>
    harness.platform.inspect
      .events()
      .map((entry) => entry.frame.event)
      .filter((event) => 'customerId' in event && event.customerId === customerId);

  it('moves a customer up when a sale crosses a threshold and down when a return falls below it', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 450, qualifyingPoints: 450 });
    expect(harness.platform.inspect.balance(customer.id)?.tier?.id).toBe('bronze');
    await batch(
      item({
        id: 'T-1',
        customer: byId(customer.id),
        lines: [{ sku: 'BL-MERCH-FRENCHPRESS', price: 6000, lineId: 'a' }],
      }),
    );
    const up = eventsOf(customer.id).find((event) => event.type === 'tier.changed');
    expect(up).toMatchObject({ fromTierId: 'bronze', toTierId: 'silver', direction: 'up' });
    const balance = harness.platform.inspect.balance(customer.id);
    expect(balance?.tier).toMatchObject({ id: 'silver', qualifyingPoints: 510, next: { id: 'gold', remaining: 1490 } });
    expect(up?.type === 'tier.changed' ? up.version : undefined).toBe(balance?.version);

    await batch(
      item({
        id: 'T-1R',
        kind: 'return',
        originalTransactionId: 'T-1',
        lines: [{ sku: 'BL-MERCH-FRENCHPRESS', price: 6000, lineId: 'a' }],
      }),
    );
    const changes = eventsOf(customer.id).filter((event) => event.type === 'tier.changed');
    expect(changes.at(-1)).toMatchObject({ fromTierId: 'silver', toTierId: 'bronze', direction: 'down' });
    expect(harness.platform.inspect.balance(customer.id)?.tier?.qualifyingPoints).toBe(450);
  });

  it('earns with the tier multiplier (Gold ×1.5)', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 0, qualifyingPoints: 2500 });
    const result = await batch(item({ id: 'T-2', customer: byId(customer.id), lines: [{ sku: 'X', price: 1000 }] }));
    expect(result.json.results[0].pointsEarned).toBe(15);
  });

  it('publishes balance.updated with the new version for every change', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 100 });
    await batch(item({ id: 'T-3', customer: byId(customer.id), lines: [{ sku: 'X', price: 1000 }] }));
    const updates = eventsOf(customer.id).filter((event) => event.type === 'balance.updated');
    expect(updates).toHaveLength(1);
    const update = updates[0];
    expect(update?.type === 'balance.updated' ? update.balance.points.available : undefined).toBe(110);
  });

  it('serves GET /v1/events: head without `after`, then the events after it for subscribed customers', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 100 });
    const first = await client.get('/v1/events');
    expect(first.json).toMatchObject({
      events: [],
      resync: false,
      head: { epoch: expect.any(String), seq: expect.any(Number) },
    });
    const { epoch, seq } = first.json.head;
    await batch(item({ id: 'T-4', customer: byId(customer.id), lines: [{ sku: 'X', price: 1000 }] }));
    harness.platform.sendCashierMessage({ text: 'Ask about the new tea', severity: 'info', storeId: 'ams-centrum' });
    harness.platform.sendCashierMessage({ text: 'For another store', severity: 'info', storeId: 'rotterdam' });
    const next = await client.get(
      `/v1/events?after=${epoch}:${seq}&customerIds=${customer.id}&storeId=ams-centrum&registerId=reg-1`,
    );
    const types = next.json.events.map((frame: { event: { type: string } }) => frame.event.type);
    expect(types).toEqual(['balance.updated', 'cashier.message']);
    expect(next.json.events[1].event.text).toBe('Ask about the new tea');
    const limited = await client.get(`/v1/events?after=${epoch}:${seq}&customerIds=${customer.id}&limit=1`);
    expect(limited.json.events).toHaveLength(1);
    expect(limited.json.head.seq).toBe(limited.json.events[0].seq);
    const stale = await client.get(`/v1/events?after=ep_other:3`);
    expect(stale.json).toMatchObject({ events: [], resync: true });
    expect((await client.get('/v1/events?after=nonsense')).status).toBe(422);
  });

  it('offers unlocked rewards to the register where the customer is attached', async () => {
    const customer = harness.platform.engine.addCustomer({ stamps: { 'coffee-card': 9 } });
    await batch(
      item({
        id: 'T-5',
        customer: byId(customer.id),
        lines: [{ sku: 'BL-COF-LATTE', price: 350, category: 'coffee' }],
      }),
    );
    harness.platform.live.presence({
      storeId: 'ams-zuid',
      registerId: 'reg-3',
      customerId: customer.id,
      state: 'attached',
    });
    const offer = harness.platform.inspect
      .events()
      .find((entry) => entry.frame.event.type === 'cashier.message' && entry.frame.event.customerId === customer.id);
    expect(offer?.frame.event).toMatchObject({ severity: 'offer', storeId: 'ams-zuid', registerId: 'reg-3' });
    expect(offer?.audience).toEqual({ storeId: 'ams-zuid', registerId: 'reg-3' });
  });

  it('gives the birthday bonus once per birthday, across the new year, and again at the next one', async () => {
    const customer = harness.platform.engine.addCustomer({ birthDate: '1990-12-30' });
    const sale = async (id: string, occurredAt: string) => {
      const answer = await batch(
        item({ id, customer: byId(customer.id), occurredAt, lines: [{ sku: 'BL-DELI-GOUDA', price: 100 }] }),
      );
      return answer.json.results[0].pointsEarned as number;
    };
    const before = await sale('BDAY-1', '2026-12-29T10:00:00+01:00');
    const afterNewYear = await sale('BDAY-2', '2027-01-01T10:00:00+01:00');
    const nextBirthday = await sale('BDAY-3', '2027-12-30T10:00:00+01:00');
    // 1 point for €1 at the seed rate; the birthday treat is 100 points.
    expect([before, afterNewYear, nextBirthday].map((points) => points >= 100)).toEqual([true, false, true]);
  });

  it('offers the birthday bonus when a customer near their birthday is attached', async () => {
    // The harness clock is 11 March 2026.
    const customer = harness.platform.engine.addCustomer({ birthDate: '1990-03-13' });
    harness.platform.live.presence({
      storeId: 'ams-zuid',
      registerId: 'reg-4',
      customerId: customer.id,
      state: 'attached',
    });
    const offers = harness.platform.inspect
      .events()
      .filter((entry) => entry.frame.event.type === 'cashier.message' && entry.frame.event.customerId === customer.id);
    expect(offers.map((entry) => (entry.frame.event.type === 'cashier.message' ? entry.frame.event.text : ''))).toEqual(
      [expect.stringContaining('Birthday')],
    );
  });
});

describe.each(transports)('unlocked rewards over $name', ({ start }) => {
  it('expire when the clock passes their expiry, with reward.expired', async () => {
    const harness = await start({ rewardValidityMs: 60_000 });
    try {
      const client = api(harness);
      const customer = harness.platform.engine.addCustomer({ stamps: { 'coffee-card': 9 } });
      await client.post('/v1/transactions:batch', {
        items: [
          item({
            id: 'R-1',
            customer: byId(customer.id),
            lines: [{ sku: 'BL-COF-FILTER', price: 260, category: 'coffee' }],
          }),
        ],
      });
      const reward = harness.platform.inspect
        .balance(customer.id)
        ?.rewards.find((candidate) => candidate.costPoints === 0);
      expect(reward?.expiresAt).toBe(new Date(harness.clock.now() + 60_000).toISOString());
      harness.clock.advance(60_000);
      const events = harness.platform.inspect.events().map((entry) => entry.frame.event);
      expect(events).toContainEqual(expect.objectContaining({ type: 'reward.expired', rewardId: reward?.id }));
      const balance = await client.get(`/v1/customers/${customer.id}/balance`);
      expect(balance.json.rewards.some((candidate: { id: string }) => candidate.id === reward?.id)).toBe(false);
    } finally {
      await harness.close();
    }
  });
});
