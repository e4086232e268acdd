// Browsers have no setImmediate: delivery must run on what they have.
import { createMockPlatform, knownCustomers } from '@loyalty-link/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { saleOf, shelf } from './support/register';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

it('delivers a customer’s batches chained behind each other without setImmediate, as in a browser', async () => {
  vi.stubGlobal('setImmediate', undefined);
  vi.resetModules();
  const { createPushClient, memoryOutbox } = await import('../src/index');
  const platform = createMockPlatform();
  server.use(...platform.handlers);
  const register = createPushClient({
    platform: { baseUrl: platform.baseUrl, apiKey: platform.apiKey },
    storeId: 'ams-01',
    registerId: 'reg-1',
    outbox: memoryOutbox(),
    batch: { lingerMs: 0, maxItems: 1, concurrency: 2 },
    autoStart: false,
  });
  const errors: string[] = [];
  register.events.on('retrying', ({ error }) => errors.push(error.code));
  const ada = { type: 'loyalty_id' as const, value: knownCustomers.ada.customer.id };
  for (let n = 1; n <= 6; n++)
    await register.record(saleOf(`R-${n}`, [{ item: shelf[n % 3] ?? shelf[0] ?? never() }], ada));

  const result = await register.flush();
  expect(errors).toEqual([]);
  expect(result).toMatchObject({ delivered: 6, remaining: 0 });
  await register.closeAndFlush({ timeoutMs: 500 });
  platform.close();
});

function never(): never {
  throw new Error('the shelf is empty');
}
