import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Api, api } from './support/api';
import { type Harness, transports } from './support/harness';
import { byId, item } from './support/transactions';

describe.each(transports)('faults over $name', ({ start }) => {
  let harness: Harness;
  let client: Api;
  beforeAll(async () => {
    harness = await start();
    client = api(harness);
  });
  afterEach(() => harness.platform.faults.clear());
  afterAll(() => harness.close());

  it('fails the next request with 503 and Retry-After, then serves normally', async () => {
    harness.platform.faults.failNext({ count: 1, as: 503, retryAfterSeconds: 7 });
    const failed = await client.get('/v1/program');
    expect(failed).toMatchObject({ status: 503, json: { code: 'unavailable' } });
    expect(failed.headers.get('retry-after')).toBe('7');
    expect(failed.headers.get('request-id')).toMatch(/^req_/);
    expect((await client.get('/v1/program')).status).toBe(200);
  });

  it('with failurePoint after, does the work but answers 500; the retry with the same key never counts twice', async () => {
    const customer = harness.platform.engine.addCustomer();
    const body = { items: [item({ id: 'F-1', customer: byId(customer.id), lines: [{ sku: 'X', price: 2500 }] })] };
    harness.platform.faults.failNext({ count: 1, as: 500, failurePoint: 'after' });
    const lost = await client.post('/v1/transactions:batch', body, { key: 'batch-after' });
    expect(lost).toMatchObject({ status: 500, json: { code: 'internal' } });
    // The work was done even though the register heard nothing good.
    expect(harness.platform.inspect.balance(customer.id)?.points.available).toBe(25);

    const retry = await client.post('/v1/transactions:batch', body, { key: 'batch-after' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: 25 });

    // Even under another request key (a rebuilt batch), the item is a duplicate.
    const rebuilt = await client.post('/v1/transactions:batch', body, { key: 'batch-after-2' });
    expect(rebuilt.json.results[0]).toMatchObject({ status: 'duplicate', pointsEarned: 25 });
    expect(harness.platform.inspect.transactions().filter((tx) => tx.transaction.id === 'F-1')).toHaveLength(1);
    expect(harness.platform.inspect.balance(customer.id)?.points.available).toBe(25);
  });

  it('counts a retry answered from the stored response towards failNext, and keeps that response for the next retry', async () => {
    const customer = harness.platform.engine.addCustomer();
    const body = { items: [item({ id: 'F-2', customer: byId(customer.id), lines: [{ sku: 'X', price: 2500 }] })] };
    harness.platform.faults.failNext({ count: 2, as: 503, failurePoint: 'after' });
    const first = await client.post('/v1/transactions:batch', body, { key: 'batch-twice' });
    const retry = await client.post('/v1/transactions:batch', body, { key: 'batch-twice' });
    expect([first.status, retry.status]).toEqual([503, 503]);
    expect(retry.json).toMatchObject({ code: 'unavailable' });
    expect(harness.platform.faults.pendingOneShots()).toBe(0);

    const third = await client.post('/v1/transactions:batch', body, { key: 'batch-twice' });
    expect(third.status).toBe(200);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect(third.json.results[0]).toMatchObject({ status: 'accepted', pointsEarned: 25 });
    expect(harness.platform.inspect.balance(customer.id)?.points.available).toBe(25);
  });

  it('delays a replayed response by the injected latency, like any other response', async () => {
    const customer = harness.platform.engine.addCustomer();
    const body = { items: [item({ id: 'F-3', customer: byId(customer.id), lines: [{ sku: 'X', price: 1000 }] })] };
    expect((await client.post('/v1/transactions:batch', body, { key: 'batch-slow-replay' })).status).toBe(200);
    harness.platform.faults.set({ latencyMs: 2_000 });
    let settled = false;
    const pendingBefore = harness.clock.pending();
    const replay = client.post('/v1/transactions:batch', body, { key: 'batch-slow-replay' }).finally(() => {
      settled = true;
    });
    await vi.waitFor(() => expect(harness.clock.pending()).toBeGreaterThan(pendingBefore));
    await harness.clock.advanceAsync(1_999);
    expect(settled).toBe(false);
    await harness.clock.advanceAsync(1);
    const replayed = await replay;
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
  });

  it('with failurePoint before, processes nothing and lets a retry with the same key run', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 500 });
    const body = { customerId: customer.id, storeId: 'ams-centrum', registerId: 'reg-1', points: 100 };
    harness.platform.faults.failNext({ count: 1, as: 502 });
    expect((await client.post('/v1/holds', body, { key: 'hold-before' })).status).toBe(502);
    expect(harness.platform.inspect.balance(customer.id)?.points.held).toBe(0);
    const retry = await client.post('/v1/holds', body, { key: 'hold-before' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers 429 rate_limited with Retry-After', async () => {
    harness.platform.faults.set({ rateLimitRate: 1, rateLimitRetryAfterSeconds: 3 });
    const limited = await client.get('/v1/program');
    expect(limited).toMatchObject({ status: 429, json: { code: 'rate_limited' } });
    expect(limited.headers.get('retry-after')).toBe('3');
  });

  it('fails as a network error', async () => {
    harness.platform.faults.failNext({ count: 1, as: 'network' });
    await expect(client.get('/v1/program')).rejects.toThrow();
    expect(harness.platform.inspect.requests().at(-1)?.status).toBe('network_error');
    expect((await client.get('/v1/program')).status).toBe(200);
  });

  it('stalls until the client gives up (AbortSignal)', async () => {
    harness.platform.faults.failNext({ count: 1, as: 'stall' });
    const controller = new AbortController();
    const stalled = client.get('/v1/program', { signal: controller.signal });
    await vi.waitFor(() => expect(harness.platform.inspect.requests().at(-1)?.status).toBe('stall'));
    controller.abort();
    await expect(stalled).rejects.toThrow();
    expect((await client.get('/v1/program')).status).toBe(200);
  });

  it('limits faults to path prefixes, and draws rates from the seeded random', async () => {
    harness.platform.faults.set({ errorRates: { 503: 1 }, paths: ['/v1/holds'] });
    expect((await client.get('/v1/program')).status).toBe(200);
    expect((await client.get('/v1/holds/hold_x')).status).toBe(503);
    harness.platform.faults.set({ errorRates: { 500: 0.5 } });
    const statuses: number[] = [];
    for (let n = 0; n < 40; n++) statuses.push((await client.get('/v1/program')).status);
    expect(statuses.filter((status) => status === 500).length).toBeGreaterThan(5);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(5);
  });

  it('keeps its own copy of the faults passed to set(): changing that object later changes nothing', async () => {
    const errorRates: Record<number, number> = { 500: 0 };
    const paths = ['/v1/holds'];
    harness.platform.faults.set({ errorRates, paths });
    errorRates[500] = 1;
    paths.push('/v1/program');
    expect((await client.get('/v1/program')).status).toBe(200);
    expect(harness.platform.faults.current()).toEqual({ errorRates: { 500: 0 }, paths: ['/v1/holds'] });
  });

  it('answers current() with a copy: changing it does not change the faults in force', async () => {
    harness.platform.faults.set({ errorRates: { 503: 0 }, paths: ['/v1/holds'] });
    const current = harness.platform.faults.current();
    Object.assign(current.errorRates ?? {}, { 503: 1 });
    current.paths?.push('/v1/program');
    expect((await client.get('/v1/program')).status).toBe(200);
    expect(harness.platform.faults.current()).toEqual({ errorRates: { 503: 0 }, paths: ['/v1/holds'] });
  });

  it('keeps its own copy of a failNext spec: changing its paths later does not move the fault', async () => {
    const paths = ['/v1/holds'];
    harness.platform.faults.failNext({ count: 1, as: 503, paths });
    paths[0] = '/v1/program';
    expect((await client.get('/v1/program')).status).toBe(200);
    expect((await client.get('/v1/holds/hold_x')).status).toBe(503);
  });

  it('adds latency on the platform clock', async () => {
    harness.platform.faults.set({ latencyMs: 2_000 });
    let settled = false;
    const pendingBefore = harness.clock.pending();
    const slow = client.get('/v1/program').finally(() => {
      settled = true;
    });
    await vi.waitFor(() => expect(harness.clock.pending()).toBeGreaterThan(pendingBefore));
    await harness.clock.advanceAsync(1_999);
    expect(settled).toBe(false);
    await harness.clock.advanceAsync(1);
    expect((await slow).status).toBe(200);
  });
});

describe.each(transports)('faults when the platform closes over $name', ({ start }) => {
  /** How a request ended within a second: answered, failed as a network error, or still pending. */
  const outcome = (request: Promise<unknown>): Promise<string> =>
    Promise.race([
      request.then(
        () => 'answered',
        () => 'network error',
      ),
      new Promise<string>((resolve) => setTimeout(() => resolve('still pending'), 1_000)),
    ]);

  it('ends a stalled request with a network error', async () => {
    const harness = await start();
    harness.platform.faults.failNext({ count: 1, as: 'stall' });
    const stalled = outcome(api(harness).get('/v1/program'));
    await vi.waitFor(() => expect(harness.platform.inspect.requests().at(-1)?.status).toBe('stall'));
    harness.platform.close();
    expect(await stalled).toBe('network error');
    await harness.close();
  });

  it('ends a request waiting on injected latency with a network error, unprocessed, and leaves no timer', async () => {
    const harness = await start();
    const customer = harness.platform.engine.addCustomer();
    harness.platform.faults.set({ latencyMs: 60_000 });
    const body = { items: [item({ id: 'F-9', customer: byId(customer.id), lines: [{ sku: 'X', price: 2500 }] })] };
    const delayed = outcome(api(harness).post('/v1/transactions:batch', body));
    await vi.waitFor(() => expect(harness.clock.pending()).toBe(1));
    harness.platform.close();
    expect(await delayed).toBe('network error');
    expect(harness.clock.pending()).toBe(0);
    expect(harness.platform.inspect.transactions()).toEqual([]);
    await harness.close();
  });
});

describe.each(transports)('faults from the options over $name', ({ start }) => {
  it('keeps its own copy of the faults given when the platform is created', async () => {
    const errorRates: Record<number, number> = { 503: 0 };
    const harness = await start({ faults: { errorRates } });
    errorRates[503] = 1;
    expect((await api(harness).get('/v1/program')).status).toBe(200);
    expect(harness.platform.faults.current()).toEqual({ errorRates: { 503: 0 } });
    await harness.close();
  });
});
