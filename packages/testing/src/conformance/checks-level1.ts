import {
  CustomerLookupResponseSchema,
  type CustomerRef,
  CustomerSchema,
  type Hold,
  HoldSchema,
  LedgerPageSchema,
  ProgramSchema,
  paths,
} from '@loyalty-link/core';
import { ensure, ensureEqual, ensureProblem, ensureShape, ensureStatus, hasErrorAt } from './assert';
import type { CheckContext, ConformanceCheck } from './check-context';

const HOLD_TTL_SECONDS = 120;

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

async function reserve(context: CheckContext, points: number, idempotencyKey?: string): Promise<Hold> {
  const { http, fixtures } = context;
  const response = await http.request('POST', paths.holds, {
    body: {
      customerId: fixtures.customer.loyaltyId,
      storeId: fixtures.storeId,
      registerId: fixtures.registerId,
      points,
      ttlSeconds: HOLD_TTL_SECONDS,
    },
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  });
  ensure(isSuccess(response.status), `POST /v1/holds for ${points} points: expected 2xx, got ${response.status}`);
  return ensureShape(HoldSchema, response.json, 'the hold');
}

async function release(context: CheckContext, holdId: string): Promise<Hold> {
  const response = await context.http.request('POST', paths.holdRelease(holdId), { body: {} });
  ensureStatus(response, 200, 'releasing a hold');
  return ensureShape(HoldSchema, response.json, 'the released hold');
}

/** Level 1 (pull): lookup, customer, balance, ledger, program, holds, returns (protocol sections 5–7). */
export const level1Checks: ConformanceCheck[] = [
  {
    name: 'a customer is found by loyalty id, card, phone and email, matched as the protocol says',
    level: 1,
    async run({ http, fixtures }) {
      const { customer } = fixtures;
      const refs: [string, CustomerRef][] = [
        ['loyalty_id', { type: 'loyalty_id', value: customer.loyaltyId }],
        ['card', { type: 'card', value: customer.card }],
        ['card, other case and without "-"', { type: 'card', value: customer.card.replaceAll('-', '').toLowerCase() }],
        ['phone', { type: 'phone', value: customer.phone }],
        ['email', { type: 'email', value: customer.email }],
        ['email, other case', { type: 'email', value: customer.email.toUpperCase() }],
      ];
      for (const [what, ref] of refs) {
        const response = await http.request('POST', paths.customerLookup, { body: { ref } });
        ensureStatus(response, 200, `lookup by ${what}`);
        const found = ensureShape(CustomerLookupResponseSchema, response.json, `the lookup by ${what}`);
        ensureEqual(found.customer.id, customer.loyaltyId, `the customer found by ${what}`);
      }
    },
  },
  {
    name: 'an unknown customer gets 404 customer_not_found; a malformed reference 422 with its path',
    level: 1,
    async run({ http, transactionId }) {
      const unknownId = `unknown-${transactionId()}`;
      const lookup = await http.request('POST', paths.customerLookup, {
        body: { ref: { type: 'loyalty_id', value: unknownId } },
      });
      ensureProblem(lookup, 404, 'customer_not_found', 'lookup of an unknown customer');
      const get = await http.request('GET', paths.customer(unknownId));
      ensureProblem(get, 404, 'customer_not_found', 'GET of an unknown customer');
      const malformed = await http.request('POST', paths.customerLookup, {
        body: { ref: { type: 'phone', value: 'not a phone number' } },
      });
      const problem = ensureProblem(malformed, 422, 'validation_failed', 'a malformed phone number');
      ensure(
        hasErrorAt(problem.errors, ['ref', 'value']),
        `expected a field error at ref.value, got ${JSON.stringify(problem.errors ?? [])}`,
      );
      ensure(!malformed.text.includes('not a phone number'), 'the problem document echoes the phone number');
    },
  },
  {
    name: 'the customer, its ledger and the program have their shapes',
    level: 1,
    async run({ http, fixtures }) {
      const customer = await http.request('GET', paths.customer(fixtures.customer.loyaltyId));
      ensureStatus(customer, 200, 'GET customer');
      ensureEqual(
        ensureShape(CustomerSchema, customer.json, 'the customer').id,
        fixtures.customer.loyaltyId,
        'the customer id',
      );
      const ledger = await http.request('GET', `${paths.ledger(fixtures.customer.loyaltyId)}?limit=2`);
      ensureStatus(ledger, 200, 'GET ledger');
      const page = ensureShape(LedgerPageSchema, ledger.json, 'the ledger page');
      ensure(page.items.length <= 2, `the ledger returned ${page.items.length} entries for limit=2`);
      if (page.nextCursor !== undefined) {
        const next = await http.request(
          'GET',
          `${paths.ledger(fixtures.customer.loyaltyId)}?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`,
        );
        ensureStatus(next, 200, 'GET the next ledger page');
        ensureShape(LedgerPageSchema, next.json, 'the next ledger page');
      }
      const program = await http.request('GET', paths.program);
      ensureStatus(program, 200, 'GET program');
      ensureShape(ProgramSchema, program.json, 'the program');
    },
  },
  {
    name: 'the balance has its shape, and its version increases after a sale',
    level: 1,
    async run(context) {
      const before = await context.balance();
      ensure(
        before.points.available >= 1_000,
        `the fixture customer needs ≥ 1,000 available points, has ${before.points.available}`,
      );
      const sale = context.sale();
      const [result] = await context.record(sale);
      ensureEqual(result?.status, 'accepted', 'the sale');
      const after = await context.balance();
      ensure(after.version > before.version, `the balance version went from ${before.version} to ${after.version}`);
      ensure(after.points.available >= before.points.available, 'a sale lowered the available points');
      await context.record(context.returnOf(sale));
    },
  },
  {
    name: 'a sale then its full return leaves the balance as it was',
    level: 1,
    async run(context) {
      const before = await context.balance();
      const sale = context.sale();
      const [sold] = await context.record(sale);
      ensure(sold?.status === 'accepted', `the sale was ${sold?.status}`);
      const earned = sold.pointsEarned ?? 0;
      ensure(
        earned > 0,
        `a sale of ${context.fixtures.saleAmount} minor units earned ${earned} points; pick a saleAmount that earns`,
      );
      const middle = await context.balance();
      ensureEqual(middle.points.available, before.points.available + earned, 'available points after the sale');
      const [returned] = await context.record(context.returnOf(sale));
      ensure(returned?.status === 'accepted', `the return was ${returned?.status}`);
      if (returned.pointsEarned !== undefined)
        ensureEqual(returned.pointsEarned, -earned, 'points earned by the return');
      const after = await context.balance();
      ensureEqual(after.points.available, before.points.available, 'available points after the return');
    },
  },
  {
    name: 'a hold reserves, is read back, releases (twice, unchanged) and commits; a committed hold cannot be released',
    level: 1,
    async run(context) {
      const { http } = context;
      const before = await context.balance();
      const key = http.key();
      const hold = await reserve(context, 10, key);
      ensureEqual(hold.status, 'active', 'a new hold');
      ensureEqual(hold.points, 10, 'the held points');
      const retried = await reserve(context, 10, key);
      ensureEqual(retried.id, hold.id, 'a retried reserve (same Idempotency-Key)');
      const holding = await context.balance();
      ensureEqual(holding.points.available, before.points.available - 10, 'available points while held');
      ensureEqual(holding.points.held, before.points.held + 10, 'held points while held (a retry must not hold twice)');

      const read = await http.request('GET', paths.hold(hold.id));
      ensureStatus(read, 200, 'GET hold');
      ensureEqual(ensureShape(HoldSchema, read.json, 'the hold').status, 'active', 'the hold read back');

      ensureEqual((await release(context, hold.id)).status, 'released', 'the released hold');
      ensureEqual((await release(context, hold.id)).status, 'released', 'a hold released twice');
      const released = await context.balance();
      ensureEqual(released.points.available, before.points.available, 'available points after the release');
      ensureEqual(released.points.held, before.points.held, 'held points after the release');

      const spent = await reserve(context, 5);
      const commit = await http.request('POST', paths.holdCommit(spent.id), {
        body: { transactionId: context.transactionId() },
      });
      ensureStatus(commit, 200, 'committing a hold');
      ensureEqual(ensureShape(HoldSchema, commit.json, 'the committed hold').status, 'committed', 'the committed hold');
      const committed = await context.balance();
      ensureEqual(committed.points.available, before.points.available - 5, 'available points after the commit');
      ensureEqual(committed.points.held, before.points.held, 'held points after the commit');
      const releaseCommitted = await http.request('POST', paths.holdRelease(spent.id), { body: {} });
      ensureProblem(releaseCommitted, 409, 'hold_not_active', 'releasing a committed hold');

      const unknown = await http.request('GET', paths.hold(`unknown-${context.transactionId()}`));
      ensureProblem(unknown, 404, 'hold_not_found', 'GET of an unknown hold');
    },
  },
  {
    name: 'a hold for more than the available points gets 422 insufficient_points and holds nothing',
    level: 1,
    async run(context) {
      const before = await context.balance();
      const response = await context.http.request('POST', paths.holds, {
        body: {
          customerId: context.fixtures.customer.loyaltyId,
          storeId: context.fixtures.storeId,
          registerId: context.fixtures.registerId,
          points: before.points.available + 1,
        },
      });
      ensureProblem(response, 422, 'insufficient_points', 'a hold over the balance');
      const after = await context.balance();
      ensureEqual(after.points.held, before.points.held, 'held points after the refused hold');
    },
  },
  {
    name: 'twenty concurrent reserves never hold more than the available points',
    level: 1,
    async run(context) {
      const before = await context.balance();
      const points = Math.floor(before.points.available / 10) + 1;
      const attempts = await Promise.all(
        Array.from({ length: 20 }, () =>
          context.http.request('POST', paths.holds, {
            body: {
              customerId: context.fixtures.customer.loyaltyId,
              storeId: context.fixtures.storeId,
              registerId: context.fixtures.registerId,
              points,
              ttlSeconds: HOLD_TTL_SECONDS,
            },
          }),
        ),
      );
      const holds: Hold[] = [];
      try {
        for (const attempt of attempts) {
          if (isSuccess(attempt.status)) holds.push(ensureShape(HoldSchema, attempt.json, 'a concurrent hold'));
          else ensureProblem(attempt, 422, 'insufficient_points', 'a concurrent hold over the balance');
        }
        ensure(
          holds.length * points <= before.points.available,
          `${holds.length} holds of ${points} points exceed ${before.points.available} available`,
        );
        ensure(
          holds.length === Math.floor(before.points.available / points),
          `only ${holds.length} of the holds that fit were granted`,
        );
        const during = await context.balance();
        ensureEqual(during.points.held, before.points.held + holds.length * points, 'held points');
      } finally {
        for (const hold of holds) await release(context, hold.id);
      }
      const after = await context.balance();
      ensureEqual(after.points.available, before.points.available, 'available points after releasing them all');
    },
  },
];
