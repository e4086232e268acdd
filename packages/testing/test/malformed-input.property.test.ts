import { createManualClock } from '@loyalty-link/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, type Platform } from '../src/engine/platform';
import { handleRequest } from '../src/http/handle-request';
import { seedCatalog } from '../src/seed/seed-catalog';
import { api } from './support/api';
import { type Harness, START_MS, transports } from './support/harness';
import { byId, item, mugCart } from './support/transactions';

/** Every stable code a problem may carry (protocol §4 and §5, plus the platform's additions). */
const knownCodes = new Set([
  'malformed_json',
  'idempotency_key_required',
  'unauthorized',
  'invalid_signature',
  'not_found',
  'customer_not_found',
  'hold_not_found',
  'method_not_allowed',
  'idempotency_conflict',
  'idempotency_in_progress',
  'hold_expired',
  'hold_not_active',
  'payload_too_large',
  'unsupported_media_type',
  'validation_failed',
  'insufficient_points',
  'customer_inactive',
]);

const [product] = seedCatalog();

/** A valid body for each POST endpoint: the seeds the arbitraries break. */
function validBodies(holdId: string): { path: string; body: unknown }[] {
  return [
    {
      path: '/v1/transactions:batch',
      body: {
        items: [item({ id: 'P-1', customer: byId('cus_0001'), lines: [{ sku: 'X', price: 1250, quantity: 2 }] })],
      },
    },
    { path: '/v1/products:sync', body: { upserts: [{ product, hash: 'hash-0001-abcd' }], removals: ['OLD-1'] } },
    { path: '/v1/customers:lookup', body: { ref: { type: 'phone', value: '+31612345678' } } },
    {
      path: '/v1/redemptions:quote',
      body: { customerId: 'cus_0001', cart: mugCart, request: { type: 'points', points: 200 } },
    },
    {
      path: '/v1/holds',
      body: { customerId: 'cus_0001', storeId: 'ams-centrum', registerId: 'reg-1', points: 10, ttlSeconds: 60 },
    },
    { path: `/v1/holds/${holdId}:release`, body: {} },
    { path: `/v1/holds/${holdId}:commit`, body: { transactionId: 'P-2' } },
  ];
}

const weird = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -1, 0, 0.5, 1e-9, -0),
  fc.constantFrom('', ' ', 'null', '\u0000', '💥', 'a'.repeat(5000)),
  fc.constantFrom(null, true, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Replaces one value somewhere inside `value` (a leaf or a whole subtree) by `replacement`. */
function mutate(value: unknown, pathSeed: number[], replacement: unknown): unknown {
  if (pathSeed.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const [head = 0, ...rest] = pathSeed;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const index = head % value.length;
    return value.map((entry, position) => (position === index ? mutate(entry, rest, replacement) : entry));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[head % keys.length] ?? '';
  return { ...value, [key]: mutate((value as Record<string, unknown>)[key], rest, replacement) };
}

/** Bodies that break a valid one: arbitrary JSON, arbitrary text, truncations, garbling, wrong values deep inside. */
function brokenBody(valid: unknown): fc.Arbitrary<string> {
  const text = JSON.stringify(valid);
  return fc.oneof(
    fc.json({ maxDepth: 4 }),
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc.nat({ max: text.length - 1 }).map((cut) => text.slice(0, cut)),
    fc
      .tuple(fc.nat({ max: text.length - 1 }), fc.string({ minLength: 1, maxLength: 3, unit: 'binary' }))
      .map(([at, garbage]) => `${text.slice(0, at)}${garbage}${text.slice(at + 1)}`),
    fc
      .tuple(fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 7 }), weird)
      .map(([path, replacement]) => JSON.stringify(mutate(valid, path, replacement))),
  );
}

function expectProblemOrSuccess(status: number, contentType: string | undefined, body: string): void {
  expect(status).toBeLessThan(500);
  if (status < 400) return;
  expect(contentType).toBe('application/problem+json');
  const problem = JSON.parse(body) as { code?: unknown; status?: unknown };
  expect(problem.status).toBe(status);
  expect(knownCodes).toContain(problem.code);
}

describe('malformed input (transport-neutral)', () => {
  let platform: Platform;
  let holdId = '';
  let sequence = 0;
  beforeAll(() => {
    platform = createPlatform({ clock: createManualClock(START_MS) });
    const hold = platform.engine.reserveHold({
      customerId: 'cus_0002',
      storeId: 'ams-centrum',
      registerId: 'reg-1',
      points: 100,
    });
    holdId = hold.ok ? hold.value.id : '';
  });
  afterAll(() => platform.close());

  it.each([
    '/v1/transactions:batch',
    '/v1/products:sync',
    '/v1/customers:lookup',
    '/v1/redemptions:quote',
    '/v1/holds',
    'release',
    'commit',
  ])(
    'always answers %s with a problem and a stable code, never a 5xx, and keeps the books consistent',
    async (name) => {
      const target = validBodies(holdId).find(
        (candidate) => candidate.path === name || candidate.path.endsWith(`:${name}`),
      );
      if (target === undefined) throw new Error(`no body for ${name}`);
      await fc.assert(
        fc.asyncProperty(brokenBody(target.body), async (body) => {
          sequence += 1;
          const response = await handleRequest(platform, {
            method: 'POST',
            url: `https://platform.loyalty.test${target.path}`,
            headers: {
              authorization: `Bearer ${platform.apiKey}`,
              'content-type': 'application/json',
              'idempotency-key': `fuzz-${sequence}`,
            },
            body,
          });
          if (response.kind !== 'response') throw new Error('no fault was injected');
          expectProblemOrSuccess(response.status, response.headers['content-type'], response.body);
        }),
        { numRuns: 250, seed: 20260311 },
      );
      expect(platform.inspect.consistency()).toEqual([]);
    },
  );
});

describe.each(transports)('malformed input over $name', ({ start }) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await start();
  });
  afterAll(() => harness.close());

  it('answers broken bodies to every POST endpoint with problems, never a 5xx', async () => {
    const client = api(harness);
    const hold = harness.platform.engine.reserveHold({
      customerId: 'cus_0002',
      storeId: 'ams-centrum',
      registerId: 'reg-1',
      points: 100,
    });
    const bodies = validBodies(hold.ok ? hold.value.id : 'hold_x');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodies).chain((target) => brokenBody(target.body).map((body) => ({ target, body }))),
        async ({ target, body }) => {
          const response = await client.post(target.path, body);
          expectProblemOrSuccess(response.status, response.headers.get('content-type') ?? undefined, response.text);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
    expect(harness.platform.inspect.consistency()).toEqual([]);
  });
});
