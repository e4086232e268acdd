import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, api } from './support/api';
import { type Harness, transports } from './support/harness';
import { byId, item } from './support/transactions';

describe.each(transports)('transactions over $name', ({ start }) => {
  let harness: Harness;
  let client: Api;
  beforeAll(async () => {
    harness = await start();
    client = api(harness);
  });
  afterAll(() => harness.close());

  const batch = (...items: unknown[]) => client.post('/v1/transactions:batch', { items });
  const available = (customerId: string) => harness.platform.inspect.balance(customerId)?.points.available;
  /** Holds `points` of the customer at register reg-1 of ams-centrum, as a register does before a redemption. */
  const holdPoints = (customerId: string, points: number, extra: Record<string, unknown> = {}) =>
    client.post('/v1/holds', { customerId, storeId: 'ams-centrum', registerId: 'reg-1', points, ...extra });

  it('credits a sale by the program rules and answers a repeated item as a duplicate with the first outcome', async () => {
    const customer = harness.platform.engine.addCustomer();
    const sale = item({
      id: 'S-1',
      customer: byId(customer.id),
      lines: [
        { sku: 'BL-BAK-CROISSANT', price: 245, quantity: 2, category: 'bakery' },
        { sku: 'BL-DELI-GOUDA', price: 595, category: 'deli' },
      ],
    });
    const first = await batch(sale);
    expect(first.status).toBe(200);
    // €10.85 at 1 point per euro, floored once for the basket.
    expect(first.json.results).toEqual([
      {
        status: 'accepted',
        idempotencyKey: sale.idempotencyKey,
        transactionId: 'S-1',
        pointsEarned: 10,
        pointsRedeemed: 0,
      },
    ]);
    expect(available(customer.id)).toBe(10);

    // The same item in another batch (another request key) is recorded once.
    const again = await batch(sale);
    expect(again.json.results[0]).toMatchObject({ status: 'duplicate', pointsEarned: 10, pointsRedeemed: 0 });
    expect(available(customer.id)).toBe(10);
    expect(
      harness.platform.inspect.transactions().filter((tx) => tx.idempotencyKey === sale.idempotencyKey),
    ).toHaveLength(1);
  });

  it('rejects the same item key with a different transaction as idempotency_conflict', async () => {
    const customer = harness.platform.engine.addCustomer();
    const sale = item({ id: 'S-2', customer: byId(customer.id), lines: [{ sku: 'BL-DELI-OJ', price: 395 }] });
    await batch(sale);
    const changed = { ...sale, transaction: { ...sale.transaction, occurredAt: '2026-03-11T10:00:00+01:00' } };
    const response = await batch(changed);
    expect(response.json.results[0]).toMatchObject({ status: 'rejected', problem: { code: 'idempotency_conflict' } });
    expect(available(customer.id)).toBe(3);
  });

  it('rejects an invalid transaction on its own, with field paths, and applies the rest of the batch', async () => {
    const customer = harness.platform.engine.addCustomer();
    const good = item({ id: 'S-3', customer: byId(customer.id), lines: [{ sku: 'BL-DELI-OJ', price: 1000 }] });
    const bad = item({ id: 'S-4', customer: byId(customer.id), lines: [{ sku: 'BL-DELI-OJ', price: 1000 }] });
    const broken = {
      ...bad,
      transaction: { ...bad.transaction, totals: { ...bad.transaction.totals, net: { amount: 1, currency: 'EUR' } } },
    };
    const response = await batch(broken, good);
    expect(response.status).toBe(200);
    const [rejected, accepted] = response.json.results;
    expect(rejected).toMatchObject({
      status: 'rejected',
      transactionId: 'S-4',
      problem: { code: 'validation_failed' },
    });
    expect(rejected.problem.errors).toContainEqual(
      expect.objectContaining({ path: ['totals', 'net'], code: 'totals_mismatch' }),
    );
    expect(accepted).toMatchObject({ status: 'accepted', pointsEarned: 10 });
  });

  it('rejects unknown and inactive customers, and records anonymous sales without earning', async () => {
    const unknown = item({ id: 'S-5', customer: byId('cus_nobody'), lines: [{ sku: 'X', price: 100 }] });
    const blocked = item({ id: 'S-6', customer: byId('cus_0004'), lines: [{ sku: 'X', price: 100 }] });
    const anonymous = item({ id: 'S-7', lines: [{ sku: 'X', price: 5000 }] });
    const response = await batch(unknown, blocked, anonymous);
    expect(
      response.json.results.map(
        (result: { status: string; problem?: { code: string } }) => result.problem?.code ?? result.status,
      ),
    ).toEqual(['customer_not_found', 'customer_inactive', 'accepted']);
    expect(response.json.results[2]).toMatchObject({ pointsEarned: 0 });
  });

  it('reverses partial returns to the point, and a full return reverses exactly what the sale earned', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 100 });
    // €9.99 + €10.01 = €20.00 → 20 points, attributed to the lines by largest remainder.
    const sale = item({
      id: 'S-10',
      customer: byId(customer.id),
      lines: [
        { sku: 'BL-DELI-HUMMUS', price: 333, quantity: 3, lineId: 'a' },
        { sku: 'BL-DELI-OLIVES', price: 1001, lineId: 'b' },
      ],
    });
    const earned = (await batch(sale)).json.results[0].pointsEarned as number;
    expect(earned).toBe(20);
    const returnOne = (id: string, sku: string, quantity: number) =>
      item({
        id,
        kind: 'return',
        originalTransactionId: 'S-10',
        lines: [{ sku, price: sku === 'BL-DELI-HUMMUS' ? 333 : 1001, quantity }],
      });
    const first = (await batch(returnOne('RT-10a', 'BL-DELI-HUMMUS', 1))).json.results[0];
    const second = (await batch(returnOne('RT-10b', 'BL-DELI-HUMMUS', 2))).json.results[0];
    const third = (await batch(returnOne('RT-10c', 'BL-DELI-OLIVES', 1))).json.results[0];
    expect(first.status).toBe('accepted');
    expect(-(first.pointsEarned + second.pointsEarned + third.pointsEarned)).toBe(earned);
    expect(available(customer.id)).toBe(100);
    const over = (await batch(returnOne('RT-10d', 'BL-DELI-HUMMUS', 1))).json.results[0];
    expect(over).toMatchObject({ status: 'rejected', problem: { code: 'return_exceeds_sale' } });
    expect(harness.platform.inspect.consistency()).toEqual([]);
  });

  it('refunds redeemed points in proportion to the value returned, and all of them on a full return', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 1000, qualifyingPoints: 0 });
    const hold = await holdPoints(customer.id, 300);
    expect(hold.status).toBe(201);
    const sale = item({
      id: 'S-11',
      customer: byId(customer.id),
      holdIds: [hold.json.id],
      lines: [
        { sku: 'BL-MERCH-MUG', price: 1000, lineId: 'a' },
        { sku: 'BL-MERCH-TOTE', price: 2000, lineId: 'b' },
      ],
    });
    const result = (await batch(sale)).json.results[0];
    expect(result).toMatchObject({ status: 'accepted', pointsEarned: 30, pointsRedeemed: 300 });
    expect(available(customer.id)).toBe(1000 - 300 + 30);

    // A third of the value back: a third of the redeemed points and the mug's earned points.
    const mug = await batch(
      item({
        id: 'RT-11a',
        kind: 'return',
        originalTransactionId: 'S-11',
        lines: [{ sku: 'BL-MERCH-MUG', price: 1000, lineId: 'a' }],
      }),
    );
    expect(mug.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: -10, pointsRedeemed: -100 });
    const tote = await batch(
      item({
        id: 'RT-11b',
        kind: 'return',
        originalTransactionId: 'S-11',
        lines: [{ sku: 'BL-MERCH-TOTE', price: 2000, lineId: 'b' }],
      }),
    );
    expect(tote.json.results[0]).toMatchObject({ pointsEarned: -20, pointsRedeemed: -200 });
    expect(available(customer.id)).toBe(1000);
    const ledger = harness.platform.inspect.ledger(customer.id);
    expect(ledger.filter((entry) => entry.type === 'refund').map((entry) => entry.points)).toEqual([100, 200]);
  });

  it('voids a sale entirely once, and rejects a second void as already_voided', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 500, qualifyingPoints: 0 });
    const hold = await holdPoints(customer.id, 200);
    await batch(
      item({
        id: 'S-12',
        customer: byId(customer.id),
        holdIds: [hold.json.id],
        lines: [{ sku: 'BL-MERCH-TEAPOT', price: 2995 }],
      }),
    );
    expect(available(customer.id)).toBe(500 - 200 + 29);
    const voided = await batch(item({ id: 'V-12', kind: 'void', originalTransactionId: 'S-12' }));
    expect(voided.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: -29, pointsRedeemed: -200 });
    expect(available(customer.id)).toBe(500);
    const again = await batch(item({ id: 'V-12b', kind: 'void', originalTransactionId: 'S-12' }));
    expect(again.json.results[0]).toMatchObject({ status: 'rejected', problem: { code: 'already_voided' } });
    const returnAfterVoid = await batch(
      item({
        id: 'RT-12',
        kind: 'return',
        originalTransactionId: 'S-12',
        lines: [{ sku: 'BL-MERCH-TEAPOT', price: 2995 }],
      }),
    );
    expect(returnAfterVoid.json.results[0]).toMatchObject({
      status: 'rejected',
      problem: { code: 'return_exceeds_sale' },
    });
  });

  it('parks a return that arrives before its sale (from another register) and applies it when the sale arrives', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 50 });
    const early = item({
      id: 'RT-13',
      kind: 'return',
      registerId: 'reg-2',
      originalTransactionId: 'S-13',
      originalRegisterId: 'reg-7',
      lines: [{ sku: 'BL-MERCH-MUG', price: 1495 }],
    });
    const parked = await batch(early);
    expect(parked.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: 0 });
    expect(harness.platform.inspect.transactions().find((tx) => tx.transaction.id === 'RT-13')?.state).toBe('parked');
    expect(available(customer.id)).toBe(50);

    const sale = item({
      id: 'S-13',
      registerId: 'reg-7',
      customer: byId(customer.id),
      lines: [
        { sku: 'BL-MERCH-MUG', price: 1495 },
        { sku: 'BL-MERCH-TOTE', price: 995 },
      ],
    });
    const recorded = await batch(sale);
    expect(recorded.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: 24 });
    const applied = harness.platform.inspect.transactions().find((tx) => tx.transaction.id === 'RT-13');
    expect(applied?.state).toBe('applied');
    expect(applied?.effect.pointsEarned).toBeLessThan(0);
    expect(available(customer.id)).toBe(50 + 24 + (applied?.effect.pointsEarned ?? 0));
    // The mug was €14.95 of €24.90: 14 of the 24 points by largest remainder.
    expect(applied?.effect.pointsEarned).toBe(-14);
  });

  it('parks a void before its sale, and the sale then earns nothing net', async () => {
    const customer = harness.platform.engine.addCustomer();
    await batch(item({ id: 'V-14', kind: 'void', originalTransactionId: 'S-14' }));
    const second = await batch(item({ id: 'V-14b', kind: 'void', originalTransactionId: 'S-14' }));
    expect(second.json.results[0]).toMatchObject({ status: 'rejected', problem: { code: 'already_voided' } });
    await batch(item({ id: 'S-14', customer: byId(customer.id), lines: [{ sku: 'BL-MERCH-TRAVELCUP', price: 1995 }] }));
    expect(available(customer.id)).toBe(0);
    expect(harness.platform.inspect.transactions().find((tx) => tx.transaction.id === 'S-14')?.voided).toBe(true);
  });

  it('voids a return: its points and refunds come back, and its quantities can be returned again', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 0 });
    await batch(
      item({
        id: 'S-20',
        customer: byId(customer.id),
        lines: [{ sku: 'BL-MERCH-MUG', price: 1000, quantity: 2, lineId: 'a' }],
      }),
    );
    expect(available(customer.id)).toBe(20);
    const returned = item({
      id: 'RT-20',
      kind: 'return',
      originalTransactionId: 'S-20',
      lines: [{ sku: 'BL-MERCH-MUG', price: 1000, lineId: 'a' }],
    });
    await batch(returned);
    expect(available(customer.id)).toBe(10);
    const undone = await batch(item({ id: 'V-20', kind: 'void', originalTransactionId: 'RT-20' }));
    expect(undone.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: 10 });
    expect(available(customer.id)).toBe(20);
    const whole = await batch(
      item({
        id: 'RT-20b',
        kind: 'return',
        originalTransactionId: 'S-20',
        lines: [{ sku: 'BL-MERCH-MUG', price: 1000, quantity: 2, lineId: 'a' }],
      }),
    );
    expect(whole.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: -20 });
    expect(available(customer.id)).toBe(0);
    const voidOfVoid = await batch(item({ id: 'V-20b', kind: 'void', originalTransactionId: 'V-20' }));
    expect(voidOfVoid.json.results[0]).toMatchObject({ status: 'rejected', problem: { code: 'invalid_original' } });
    expect(harness.platform.inspect.consistency()).toEqual([]);
  });

  it('voids a return of a sale voided since without giving back points or spending refunds again', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 500, qualifyingPoints: 0 });
    const lifetime = () => harness.platform.inspect.balance(customer.id)?.points.lifetime;
    const lifetimeBefore = lifetime();
    const hold = await holdPoints(customer.id, 200);
    await batch(
      item({
        id: 'S-21',
        customer: byId(customer.id),
        holdIds: [hold.json.id],
        lines: [{ sku: 'BL-DELI-GOUDA', price: 1000, quantity: 2, lineId: 'a' }],
      }),
    );
    expect(available(customer.id)).toBe(500 - 200 + 20);
    const returned = await batch(
      item({
        id: 'RT-21',
        kind: 'return',
        originalTransactionId: 'S-21',
        lines: [{ sku: 'BL-DELI-GOUDA', price: 1000, lineId: 'a' }],
      }),
    );
    expect(returned.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: -10, pointsRedeemed: -100 });
    const voidedSale = await batch(item({ id: 'V-21', kind: 'void', originalTransactionId: 'S-21' }));
    expect(voidedSale.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: -10, pointsRedeemed: -100 });
    expect(available(customer.id)).toBe(500);

    const voidedReturn = await batch(item({ id: 'V-21b', kind: 'void', originalTransactionId: 'RT-21' }));
    expect(voidedReturn.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: 0, pointsRedeemed: 0 });
    expect(available(customer.id)).toBe(500);
    expect(lifetime()).toBe(lifetimeBefore);
    expect(harness.platform.inspect.transactions().find((tx) => tx.transaction.id === 'S-21')?.voided).toBe(true);
    expect(harness.platform.inspect.consistency()).toEqual([]);
  });

  it('takes back what an ad hoc return would earn as a sale, never below zero, recording the shortfall', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 5 });
    const response = await batch(
      item({
        id: 'RT-15',
        kind: 'return',
        customer: byId(customer.id),
        lines: [{ sku: 'BL-MERCH-DRIPPER', price: 2495 }],
      }),
    );
    expect(response.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: -24 });
    expect(available(customer.id)).toBe(0);
    const reverse = harness.platform.inspect.ledger(customer.id).at(-1);
    expect(reverse).toMatchObject({ type: 'reverse', points: -5, shortfall: 19, availableAfter: 0 });
  });

  it('commits holds carried by a sale; an expired hold is debited late with a shortfall; an unknown one is rejected', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 400 });
    const hold = await holdPoints(customer.id, 300, { ttlSeconds: 60 });
    harness.clock.advance(61_000);
    expect(harness.platform.inspect.holds().find((candidate) => candidate.id === hold.json.id)?.status).toBe('expired');
    // The customer spends 250 elsewhere meanwhile; 150 left.
    harness.platform.engine.adjustPoints(customer.id, -250, 'Spent elsewhere');
    const sale = await batch(
      item({
        id: 'S-16',
        customer: byId(customer.id),
        holdIds: [hold.json.id],
        lines: [{ sku: 'BL-DELI-OJ', price: 395 }],
      }),
    );
    expect(sale.json.results[0]).toMatchObject({ status: 'accepted', pointsRedeemed: 300, pointsEarned: 3 });
    const redeem = harness.platform.inspect.ledger(customer.id).find((entry) => entry.type === 'redeem');
    expect(redeem).toMatchObject({ points: -153, shortfall: 147, holdId: hold.json.id });
    expect(available(customer.id)).toBe(0);

    const unknown = await batch(
      item({ id: 'S-17', customer: byId(customer.id), holdIds: ['hold_never'], lines: [{ sku: 'X', price: 100 }] }),
    );
    expect(unknown.json.results[0]).toMatchObject({ status: 'rejected', problem: { code: 'hold_not_found' } });
    expect(harness.platform.inspect.consistency()).toEqual([]);
  });

  it('fills the stamp card: the tenth coffee visit unlocks a free coffee and publishes reward.unlocked', async () => {
    const customer = harness.platform.engine.addCustomer({ stamps: { 'coffee-card': 9 } });
    await batch(
      item({
        id: 'S-18',
        customer: byId(customer.id),
        lines: [{ sku: 'BL-COF-CAPPUCCINO', price: 330, category: 'coffee' }],
      }),
    );
    const balance = harness.platform.inspect.balance(customer.id);
    expect(balance?.stampCards).toEqual([{ ruleId: 'coffee-card', stamps: 0, stampsRequired: 10 }]);
    const unlocked = balance?.rewards.find((reward) => reward.costPoints === 0);
    expect(unlocked).toMatchObject({ name: 'Free coffee', effect: { type: 'free_product' } });
    const events = harness.platform.inspect.events().map((entry) => entry.frame.event);
    expect(events).toContainEqual(expect.objectContaining({ type: 'reward.unlocked', customerId: customer.id }));

    // Using it at the till (a reward discount naming it) spends it.
    await batch(
      item({
        id: 'S-19',
        customer: byId(customer.id),
        lines: [
          {
            sku: 'BL-COF-CAPPUCCINO',
            price: 330,
            category: 'coffee',
            discount: { amount: 330, kind: 'reward', reference: unlocked?.id ?? '' },
          },
        ],
      }),
    );
    expect(harness.platform.inspect.balance(customer.id)?.rewards.some((reward) => reward.costPoints === 0)).toBe(
      false,
    );
  });
});
