// Input from a register written in plain JavaScript, or handed over from another call: it works, or fails
// with a typed error and a stable `code`, never with a TypeError or RangeError from deep inside.
import { createMockPlatform, type MockPlatform, seedProgram } from '@loyalty-link/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createProtocolPort, createPushClient, isLoyaltyLinkError, memoryOutbox, type PushClient } from '../src/index';
import { saleOf, shelf } from './support/register';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function platform(): MockPlatform {
  const created = createMockPlatform();
  server.use(...created.handlers);
  cleanups.push(() => created.close());
  return created;
}

async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function registerWithProgram(on: MockPlatform): PushClient {
  const client = createPushClient({
    platform: { baseUrl: on.baseUrl, apiKey: on.apiKey },
    storeId: 'ams-01',
    registerId: 'reg-1',
    outbox: memoryOutbox(),
    autoStart: false,
    program: seedProgram(),
  });
  cleanups.push(() => client.closeAndFlush({ timeoutMs: 100 }).catch(() => {}));
  return client;
}

const item = shelf[0] as (typeof shelf)[number];

it('estimates with the tier a balance read returns, as with its id', async () => {
  const on = platform();
  const client = registerWithProgram(on);
  // The register hands over the tier it just read with the balance (`TierStatus`: no multiplier).
  const balance = await createProtocolPort({ baseUrl: on.baseUrl, apiKey: on.apiKey }).getBalance('cus_0001');
  const tier = balance.tier;
  if (tier === undefined) throw new Error('the seeded customer has no tier');
  const customer = { type: 'loyalty_id' as const, value: 'cus_0001' };

  const byStatus = await client.record(saleOf('r-1', [{ item, quantity: 3 }], customer), { tier });
  const byId = await client.record(saleOf('r-2', [{ item, quantity: 3 }], customer), { tier: tier.id });

  const untiered = await client.record(saleOf('r-3', [{ item, quantity: 3 }], customer));

  expect(tier.id).toBe('silver');
  expect(byStatus.estimate?.points).toBe(byId.estimate?.points);
  expect(byStatus.estimate?.points).toBeGreaterThan(untiered.estimate?.points ?? Number.POSITIVE_INFINITY);
});

it("refuses a tier object that is neither the program's nor whole with a typed error, storing nothing", async () => {
  const on = platform();
  const client = registerWithProgram(on);
  const error = await failure(() =>
    client.record(saleOf('r-1', [{ item }], { type: 'loyalty_id', value: 'cus_0001' }), {
      tier: { id: 'tier_unknown', name: 'Unknown' } as never,
    }),
  );

  expect(error).toMatchObject({ name: 'ValidationError', issues: [{ path: ['tier'], code: 'invalid_tier' }] });
  expect((await client.status()).depth).toBe(0);
});

it('refuses a client without an outbox when it is created, not with a TypeError on the first sale', async () => {
  const on = platform();
  const error = await failure(async () => {
    // A typo in a JavaScript config (`outBox`) leaves `outbox` out.
    const client = createPushClient({
      platform: { baseUrl: on.baseUrl, apiKey: on.apiKey },
      storeId: 'ams-01',
      registerId: 'reg-1',
      outBox: memoryOutbox(),
      autoStart: false,
    } as never);
    cleanups.push(() => client.closeAndFlush({ timeoutMs: 100 }).catch(() => {}));
    await client.record(saleOf('r-1', [{ item: shelf[0] as (typeof shelf)[number] }]));
  });
  expect(error).toBeDefined();
  expect(isLoyaltyLinkError(error)).toBe(true);
  expect(error).toMatchObject({ code: 'invalid_option' });
});

it('refuses to be created without options or without a platform', () => {
  expect(() => createPushClient(undefined as never)).toThrow(expect.objectContaining({ code: 'invalid_option' }));
  expect(() => createPushClient({ storeId: 'ams-01', registerId: 'reg-1', outbox: memoryOutbox() } as never)).toThrow(
    expect.objectContaining({ code: 'invalid_option' }),
  );
});

it('takes null for "no options", as plain JavaScript passes it', async () => {
  const on = platform();
  const client = registerWithProgram(on);
  await client.record(saleOf('r-1', [{ item }], { type: 'loyalty_id', value: 'cus_0001' }), null as never);

  await expect(client.deadLetters.list(null as never)).resolves.toEqual([]);
  await expect(client.flush(null as never)).resolves.toMatchObject({ delivered: 1, remaining: 0 });
  await expect(client.closeAndFlush(null as never)).resolves.toMatchObject({ remaining: 0, error: undefined });
});
