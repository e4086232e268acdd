import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../../test/failures';
import { sale } from '../../test/fixtures';
import { isAbortError } from '../errors/network-errors';
import { isInsufficientPointsError, isNotFoundError } from '../errors/platform-error';
import { isProtocolError } from '../errors/protocol-error';
import { isValidationError } from '../errors/validation-error';
import { level0Operations, level1Operations } from '../ports/ports';
import { BalanceSchema } from '../schemas/balance';
import { CustomerSchema } from '../schemas/customer';
import { HoldSchema } from '../schemas/hold';
import { ProgramSchema } from '../schemas/program';
import { RedemptionQuoteResultSchema } from '../schemas/redemption';
import { createHttpTransport } from '../transport/http-transport';
import type { TransactionBatchRequest } from './level0';
import { EventsPageSchema } from './live';
import { createProtocolPort } from './protocol-port';
import {
  holdActionIdempotencyKey,
  productSyncIdempotencyKey,
  transactionBatchIdempotencyKey,
} from './protocol-port-keys';

const BASE = 'https://loyalty.test';
const API_KEY = 'll_test_protocol_port_0001';

// Protocol-shaped answers; each is checked against its schema below so a fixture cannot drift.
const customer = {
  id: 'cus_1',
  status: 'active',
  firstName: 'Jane',
  cardCodes: ['CARD-0001'],
  enrolledAt: '2025-05-01T10:00:00Z',
  version: 4,
};
const balance = {
  customerId: 'cus_1',
  points: { available: 1200, held: 0, pending: 50, lifetime: 4000 },
  monetaryValue: { amount: 1200, currency: 'EUR' },
  rewards: [],
  stampCards: [],
  wallets: [],
  version: 9,
  asOf: '2026-03-14T09:30:00Z',
};
const program = {
  id: 'prog_1',
  name: 'Coffee Club',
  currency: 'EUR',
  timeZone: 'Europe/Amsterdam',
  earnRules: [],
  tiers: [],
  redemption: {
    minPoints: 100,
    pointValue: { points: 100, amount: 100 },
    maxBasketShareBasisPoints: 5_000,
    reductionMethod: 'front_end',
  },
  rewards: [],
  vouchers: [],
};
const hold = {
  id: 'hold_1',
  customerId: 'cus_1',
  points: 500,
  amount: { amount: 500, currency: 'EUR' },
  status: 'active',
  storeId: 'ams-01',
  registerId: 'reg-1',
  createdAt: '2026-03-14T09:30:00Z',
  expiresAt: '2026-03-14T09:45:00Z',
};
const quote = {
  ok: true,
  points: 500,
  amount: { amount: 500, currency: 'EUR' },
  allocations: [{ lineIndex: 0, amount: { amount: 500, currency: 'EUR' } }],
  maxPoints: 1_200,
  eligibleAmount: { amount: 1_899, currency: 'EUR' },
  reductionMethod: 'front_end',
};
const eventsPage = {
  events: [
    {
      type: 'event',
      epoch: 'e1',
      seq: 42,
      event: {
        type: 'customer.updated',
        id: 'evt_1',
        occurredAt: '2026-03-14T09:31:00Z',
        customerId: 'cus_1',
        version: 5,
      },
    },
  ],
  head: { epoch: 'e1', seq: 42 },
  resync: false,
};

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: string;
}

type Responder = (seen: Seen) => Response;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Routes `METHOD /path` (path as sent, percent-encoding kept) to responders and records every request. */
function platform(routes: Record<string, Responder | Responder[]>): Seen[] {
  const seen: Seen[] = [];
  const calls = new Map<string, number>();
  server.use(
    http.all(`${BASE}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const entry: Seen = {
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: await request.text(),
      };
      seen.push(entry);
      const route = `${entry.method} ${entry.path}`;
      const responders = routes[route];
      if (responders === undefined) return HttpResponse.json({ code: 'no_route', detail: route }, { status: 418 });
      const list = Array.isArray(responders) ? responders : [responders];
      const count = calls.get(route) ?? 0;
      calls.set(route, count + 1);
      const responder = list[Math.min(count, list.length - 1)];
      return responder === undefined ? HttpResponse.json({ code: 'no_route' }, { status: 418 }) : responder(entry);
    }),
  );
  return seen;
}

const json =
  (body: JsonBodyType, status = 200): Responder =>
  () =>
    HttpResponse.json(body, { status, headers: { 'Request-Id': 'req_port' } });
const unavailable: Responder = () => HttpResponse.json({ code: 'unavailable' }, { status: 503 });

const port = () => createProtocolPort({ baseUrl: BASE, apiKey: API_KEY, random: () => 0 });

const batch: TransactionBatchRequest = {
  items: [
    { idempotencyKey: 'll1:ams-01:reg-1:sale:R-1', transaction: sale([{ sku: 'A', unitPrice: 100 }]) as never },
    { idempotencyKey: 'll1:ams-01:reg-1:sale:R-2', transaction: sale([{ sku: 'B', unitPrice: 250 }]) as never },
  ],
};
const batchResults = {
  results: [
    { status: 'accepted', idempotencyKey: 'll1:ams-01:reg-1:sale:R-1', transactionId: 'R-1', pointsEarned: 1 },
    { status: 'duplicate', idempotencyKey: 'll1:ams-01:reg-1:sale:R-2', transactionId: 'R-2' },
  ],
};

describe('createProtocolPort', () => {
  it('has protocol-shaped fixtures', () => {
    expect(CustomerSchema.safeParse(customer).success).toBe(true);
    expect(BalanceSchema.safeParse(balance).success).toBe(true);
    expect(ProgramSchema.safeParse(program).success).toBe(true);
    expect(HoldSchema.safeParse(hold).success).toBe(true);
    expect(RedemptionQuoteResultSchema.safeParse(quote).success).toBe(true);
    expect(EventsPageSchema.safeParse(eventsPage).success).toBe(true);
  });

  it('names the platform and provides every level 0 and level 1 operation natively, plus polling', () => {
    const created = port();
    expect(created.platform).toBe('loyalty-link-v1');
    for (const operation of [...level0Operations, ...level1Operations, 'pollEvents'] as const) {
      expect(created.capabilities[operation]).toBe('native');
      expect(typeof created[operation]).toBe('function');
    }
  });

  it('sends a transaction batch with a key derived from its items, the same on a resend', async () => {
    const seen = platform({ 'POST /v1/transactions:batch': [unavailable, json(batchResults)] });
    const created = port();
    const first = await created.sendTransactions(batch);
    await created.sendTransactions(batch);
    expect(first.results.map((result) => result.status)).toEqual(['accepted', 'duplicate']);
    expect(seen).toHaveLength(3);
    const expectedKey = transactionBatchIdempotencyKey(batch);
    expect(seen.map((request) => request.headers.get('idempotency-key'))).toEqual([
      expectedKey,
      expectedKey,
      expectedKey,
    ]);
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${API_KEY}`);
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual(JSON.parse(JSON.stringify(batch)));
  });

  it('sends stored JSON text byte for byte: the same body and key as the parsed batch', async () => {
    const seen = platform({ 'POST /v1/transactions:batch': [json(batchResults), json(batchResults)] });
    const created = port();
    await created.sendTransactions(batch);
    const serialized = batch.items.map((item) => ({
      idempotencyKey: item.idempotencyKey,
      json: JSON.stringify(item.transaction),
    }));
    const response = await created.sendSerializedTransactions(serialized);
    expect(response.results.map((result) => result.status)).toEqual(['accepted', 'duplicate']);
    expect(seen[1]?.body).toBe(seen[0]?.body);
    expect(seen[1]?.headers.get('idempotency-key')).toBe(transactionBatchIdempotencyKey(batch));
  });

  it('refuses a batch answer without one result per item', async () => {
    platform({ 'POST /v1/transactions:batch': json({ results: batchResults.results.slice(0, 1) }) });
    const error = await rejection(port().sendTransactions(batch));
    expect(isProtocolError(error) && error.issues[0]?.path).toEqual(['results']);
    expect(isProtocolError(error) && error.requestId).toBe('req_port');
  });

  it('scrubs personal data from the problem of a rejected transaction', async () => {
    const rejected = {
      status: 'rejected',
      idempotencyKey: 'll1:ams-01:reg-1:sale:R-2',
      problem: {
        code: 'customer_not_found',
        title: 'No customer for jane.doe@example.com',
        detail: 'No customer with email jane.doe@example.com or phone +31 6 1234 5678',
      },
    };
    platform({ 'POST /v1/transactions:batch': json({ results: [batchResults.results[0], rejected] }) });
    const { results } = await port().sendTransactions(batch);
    expect(results[1]).toEqual({
      ...rejected,
      problem: {
        code: 'customer_not_found',
        title: 'No customer for [email]',
        detail: 'No customer with email [email] or phone [phone]',
      },
    });
  });

  it('keeps a rejection whose problem cannot be read a rejection, and refuses any other broken result', async () => {
    const unexplained = { status: 'rejected', idempotencyKey: 'll1:ams-01:reg-1:sale:R-2', problem: { detail: 'no' } };
    platform({
      'POST /v1/transactions:batch': [
        json({ results: [batchResults.results[0], unexplained] }),
        json({ results: [{ status: 'accepted', idempotencyKey: 'll1:ams-01:reg-1:sale:R-1' }, unexplained] }),
      ],
    });
    const { results } = await port().sendTransactions(batch);
    expect(results.map((result) => result.status)).toEqual(['accepted', 'rejected']);
    expect(results[1]?.status === 'rejected' && results[1].problem.code).toBe('unreadable_problem');

    const error = await rejection(port().sendTransactions(batch));
    expect(isProtocolError(error) && error.issues.map((issue) => issue.path.join('.'))).toContain(
      'results.0.transactionId',
    );
  });

  it('syncs a product chunk with a key derived from its content', async () => {
    const chunk = {
      syncId: 'run-1',
      upserts: [
        {
          product: {
            sku: 'COF-ESP',
            name: 'Espresso beans',
            type: 'physical' as const,
            categories: ['coffee'],
            price: { amount: 1899, currency: 'EUR' },
            active: true,
          },
          hash: 'sha1:0123456789',
        },
      ],
      removals: ['OLD-1'],
    };
    const seen = platform({
      'POST /v1/products:sync': json({
        results: [
          { sku: 'COF-ESP', status: 'created' },
          { sku: 'OLD-1', status: 'removed' },
        ],
      }),
    });
    const result = await port().syncProducts(chunk);
    expect(result.results).toHaveLength(2);
    expect(seen[0]?.headers.get('idempotency-key')).toBe(productSyncIdempotencyKey(chunk));
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual(chunk);
  });

  it('looks a customer up with a POST, so the phone number stays out of the URL, and retries it', async () => {
    const seen = platform({ 'POST /v1/customers:lookup': [unavailable, json({ customer })] });
    const found = await port().lookupCustomer({ ref: { type: 'phone', value: '+31612345678' } });
    expect(found.id).toBe('cus_1');
    expect(seen).toHaveLength(2);
    expect(seen[0]?.query.size).toBe(0);
    expect(seen[0]?.path).not.toContain('3161');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ ref: { type: 'phone', value: '+31612345678' } });
    const keys = seen.map((request) => request.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('reads customers, balances, the program and holds with GETs on their paths', async () => {
    const seen = platform({
      'GET /v1/customers/cus%2F1': json(customer),
      'GET /v1/customers/cus_1/balance': [unavailable, json(balance)],
      'GET /v1/program': json(program),
      'GET /v1/holds/hold_1': json(hold),
    });
    const created = port();
    expect((await created.getCustomer('cus/1')).id).toBe('cus_1');
    expect((await created.getBalance('cus_1')).points.available).toBe(1200);
    expect((await created.getProgram()).pointsName).toBe('points');
    expect((await created.getHold('hold_1')).status).toBe('active');
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v1/customers/cus%2F1',
      'GET /v1/customers/cus_1/balance',
      'GET /v1/customers/cus_1/balance',
      'GET /v1/program',
      'GET /v1/holds/hold_1',
    ]);
    expect(seen.every((request) => !request.headers.has('idempotency-key'))).toBe(true);
  });

  it('refuses an empty id before sending anything', async () => {
    const seen = platform({});
    expect(isValidationError(await rejection(port().getBalance('')))).toBe(true);
    expect(seen).toHaveLength(0);
  });

  it('quotes a redemption with a POST that is retried', async () => {
    const request = {
      customerId: 'cus_1',
      cart: {
        storeId: 'ams-01',
        registerId: 'reg-1',
        currency: 'EUR',
        lines: sale([{ sku: 'COF-ESP', unitPrice: 1899 }]).lines as never,
      },
      request: { type: 'points' as const, points: 500 },
    };
    const seen = platform({ 'POST /v1/redemptions:quote': [unavailable, json(quote)] });
    const result = await port().quoteRedemption(request);
    expect(result.ok && result.points).toBe(500);
    expect(seen).toHaveLength(2);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual(JSON.parse(JSON.stringify(request)));
  });

  it('refuses to reserve a hold without an idempotency key, and sends the one it is given', async () => {
    const seen = platform({ 'POST /v1/holds': [unavailable, json(hold, 201)] });
    const request = { customerId: 'cus_1', storeId: 'ams-01', registerId: 'reg-1', points: 500 };
    const refused = await rejection(port().reserveHold(request));
    expect(isValidationError(refused) && refused.issues[0]?.path).toEqual(['idempotencyKey']);
    expect(seen).toHaveLength(0);

    const reserved = await port().reserveHold(request, { idempotencyKey: 'reserve-R-1-a' });
    expect(reserved.id).toBe('hold_1');
    expect(seen.map((entry) => entry.headers.get('idempotency-key'))).toEqual(['reserve-R-1-a', 'reserve-R-1-a']);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual(request);
  });

  it('releases and commits holds with keys derived from the hold', async () => {
    const seen = platform({
      'POST /v1/holds/hold_1:release': json({ ...hold, status: 'released' }),
      'POST /v1/holds/hold_1:commit': json({ ...hold, status: 'committed', transactionId: 'R-1' }),
    });
    const created = port();
    expect((await created.releaseHold('hold_1')).status).toBe('released');
    expect((await created.commitHold('hold_1', { transactionId: 'R-1' })).status).toBe('committed');
    expect(seen[0]?.headers.get('idempotency-key')).toBe(holdActionIdempotencyKey('release', 'hold_1'));
    expect(seen[0]?.body).toBe('');
    expect(seen[1]?.headers.get('idempotency-key')).toBe(holdActionIdempotencyKey('commit', 'hold_1', 'R-1'));
    expect(JSON.parse(seen[1]?.body ?? '')).toEqual({ transactionId: 'R-1' });
  });

  it('pages through a ledger with the cursor the platform gave', async () => {
    const entry = {
      id: 'led_1',
      customerId: 'cus_1',
      type: 'earn',
      points: 42,
      availableAfter: 1242,
      transactionId: 'R-1',
      reason: 'Sale R-1',
      occurredAt: '2026-03-14T09:30:00Z',
    };
    const seen = platform({ 'GET /v1/customers/cus_1/ledger': json({ items: [entry], nextCursor: 'c2' }) });
    const page = await port().getLedger('cus_1', { limit: 1, cursor: 'c1' });
    expect(page.items[0]?.points).toBe(42);
    expect(page.nextCursor).toBe('c2');
    expect(seen[0]?.query.get('limit')).toBe('1');
    expect(seen[0]?.query.get('cursor')).toBe('c1');
  });

  it('polls events after a position, for the listed customers', async () => {
    const seen = platform({ 'GET /v1/events': json(eventsPage) });
    const created = port();
    const page = await created.pollEvents({ after: { epoch: 'e1', seq: 41 }, customerIds: ['cus_1', 'cus_2'] });
    await created.pollEvents({ customerIds: [] });
    expect(page.events[0]?.seq).toBe(42);
    expect(seen[0]?.query.get('after')).toBe('e1:41');
    expect(seen[0]?.query.get('customerIds')).toBe('cus_1,cus_2');
    expect([...(seen[1]?.query.keys() ?? [])]).toEqual([]);
  });

  it('passes the platform errors through as the transport maps them', async () => {
    platform({
      'GET /v1/customers/nobody': () =>
        HttpResponse.json(
          { code: 'customer_not_found', status: 404 },
          { status: 404, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      'POST /v1/holds': () =>
        HttpResponse.json(
          { code: 'insufficient_points', status: 422 },
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    });
    const created = port();
    expect(isNotFoundError(await rejection(created.getCustomer('nobody')))).toBe(true);
    const insufficient = await rejection(
      created.reserveHold(
        { customerId: 'cus_1', storeId: 'ams-01', registerId: 'reg-1', points: 99_999 },
        { idempotencyKey: 'reserve-2' },
      ),
    );
    expect(isInsufficientPointsError(insufficient)).toBe(true);
  });

  it('passes per-call options to the transport: the key, the signal and the budgets', async () => {
    const seen = platform({
      'POST /v1/transactions:batch': json(batchResults),
      'GET /v1/program': () => new HttpResponse(null, { status: 503, headers: { 'Retry-After': '30' } }),
    });
    const created = createProtocolPort({
      transport: createHttpTransport({ baseUrl: BASE, apiKey: API_KEY, deadlineMs: 120_000 }),
    });
    await created.sendTransactions(batch, { idempotencyKey: 'my-own-key' });
    expect(seen[0]?.headers.get('idempotency-key')).toBe('my-own-key');

    const controller = new AbortController();
    setTimeout(() => controller.abort('closing'), 30);
    expect(isAbortError(await rejection(created.getProgram({ signal: controller.signal })))).toBe(true);

    const timedOut = await rejection(created.getProgram({ deadlineMs: 1_000 }));
    expect(timedOut).toMatchObject({ name: 'TimeoutError', code: 'deadline_exceeded' });
  });
});
