import { createHmac } from 'node:crypto';
import { limits } from '@loyalty-link/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Api, api } from './support/api';
import { type Harness, transports } from './support/harness';
import { byId, item } from './support/transactions';

describe.each(transports)('HTTP conventions over $name', ({ start }) => {
  let harness: Harness;
  let client: Api;
  beforeAll(async () => {
    harness = await start({ extraApiKeys: [secondKey] });
    client = api(harness);
  });
  afterAll(() => harness.close());
  const secondKey = 'll_test_second_register_key';

  it('answers 401 unauthorized without a key or with a wrong one, as a problem with a Request-Id', async () => {
    for (const apiKey of [null, 'll_test_wrong_key_123456']) {
      const response = await client.get('/v1/program', { apiKey });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('request-id')).toMatch(/^req_/);
      expect(response.json).toMatchObject({
        status: 401,
        code: 'unauthorized',
        type: expect.stringContaining('unauthorized'),
      });
      expect(response.text).not.toContain('ll_test_wrong_key_123456');
    }
  });

  it('puts a Request-Id on every response, success included', async () => {
    const response = await client.get('/v1/program');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ id: 'prog_bean_and_leaf', currency: 'EUR' });
    expect(response.headers.get('request-id')).toMatch(/^req_/);
  });

  it('answers 422 validation_failed with the path of every issue for a bad body', async () => {
    const response = await client.post('/v1/holds', {
      customerId: '',
      storeId: 'bad store',
      registerId: 'reg-1',
      points: -5,
    });
    expect(response.status).toBe(422);
    expect(response.json.code).toBe('validation_failed');
    const paths = response.json.errors.map((error: { path: unknown[] }) => error.path);
    expect(paths).toEqual(expect.arrayContaining([['customerId'], ['storeId'], ['points']]));
    for (const error of response.json.errors) expect(typeof error.code).toBe('string');
  });

  it('refuses a batch over 500 items at `items`', async () => {
    const items = Array.from({ length: 501 }, (_, index) =>
      item({ id: `B-${index}`, lines: [{ sku: 'X', price: 1 }] }),
    );
    const response = await client.post('/v1/transactions:batch', { items });
    expect(response.status).toBe(422);
    expect(response.json.errors[0].path).toEqual(['items']);
  });

  it('answers 413 payload_too_large for a body over 1 MiB, before parsing it', async () => {
    const body = `{"items":[${'0'.repeat(limits.maxBodyBytes)}]}`;
    const response = await client.post('/v1/transactions:batch', body);
    expect(response.status).toBe(413);
    expect(response.json.code).toBe('payload_too_large');
  });

  it('answers 415 for a body that is not JSON, and 400 malformed_json for broken JSON', async () => {
    const text = await client.post('/v1/customers:lookup', 'ref=1', { headers: { 'content-type': 'text/plain' } });
    expect(text).toMatchObject({ status: 415, json: { code: 'unsupported_media_type' } });
    const broken = await client.post('/v1/customers:lookup', '{"ref": ');
    expect(broken).toMatchObject({ status: 400, json: { code: 'malformed_json' } });
  });

  it('answers 404 not_found for unknown paths and 405 for a wrong method, with Allow', async () => {
    expect((await client.get('/v1/nothing-here')).json).toMatchObject({ status: 404, code: 'not_found' });
    const wrong = await client.get('/v1/transactions:batch');
    expect(wrong.status).toBe(405);
    expect(wrong.json.code).toBe('method_not_allowed');
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('requires an Idempotency-Key on every POST', async () => {
    const response = await client.post('/v1/customers:lookup', { ref: byId('cus_0001') }, { key: null });
    expect(response).toMatchObject({ status: 400, json: { code: 'idempotency_key_required' } });
  });

  it('replays the stored response byte for byte for the same key and body, and refuses another body (409)', async () => {
    const customer = harness.platform.engine.addCustomer();
    const body = { items: [item({ id: 'I-1', customer: byId(customer.id), lines: [{ sku: 'X', price: 1234 }] })] };
    const first = await client.post('/v1/transactions:batch', body, { key: 'batch-1' });
    const replay = await client.post('/v1/transactions:batch', body, { key: 'batch-1' });
    expect(replay.status).toBe(200);
    expect(replay.text).toBe(first.text);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const other = { items: [item({ id: 'I-2', customer: byId(customer.id), lines: [{ sku: 'X', price: 1 }] })] };
    const conflict = await client.post('/v1/transactions:batch', other, { key: 'batch-1' });
    expect(conflict).toMatchObject({ status: 409, json: { code: 'idempotency_conflict' } });
    expect(harness.platform.inspect.transactions().filter((tx) => tx.transaction.id === 'I-2')).toHaveLength(0);
    const replayed = harness.platform.inspect.requests().filter((request) => request.idempotencyKey === 'batch-1');
    expect(replayed.map((request) => request.replayed)).toEqual([false, true, false]);
  });

  it('stores 4xx answers too, and keeps keys per API key', async () => {
    const missing = { ref: { type: 'email', value: 'nobody@example.com' } };
    const first = await client.post('/v1/customers:lookup', missing, { key: 'lookup-404' });
    const again = await client.post('/v1/customers:lookup', missing, { key: 'lookup-404' });
    expect(first.status).toBe(404);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const otherKey = await client.post(
      '/v1/customers:lookup',
      { ref: byId('cus_0001') },
      { key: 'lookup-404', apiKey: secondKey },
    );
    expect(otherKey.status).toBe(200);
    expect(otherKey.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers 409 idempotency_in_progress with Retry-After while the first request with the key is running', async () => {
    harness.platform.faults.set({ latencyMs: 5_000 });
    const body = { ref: byId('cus_0001') };
    const pendingBefore = harness.clock.pending();
    const first = client.post('/v1/customers:lookup', body, { key: 'slow-1' });
    await vi.waitFor(() => expect(harness.clock.pending()).toBeGreaterThan(pendingBefore));
    harness.platform.faults.clear();
    const second = await client.post('/v1/customers:lookup', body, { key: 'slow-1' });
    expect(second).toMatchObject({ status: 409, json: { code: 'idempotency_in_progress' } });
    expect(second.headers.get('retry-after')).toBe('1');
    expect(second.headers.get('loyalty-link-should-retry')).toBe('true');
    await harness.clock.advanceAsync(5_000);
    expect((await first).status).toBe(200);
    const third = await client.post('/v1/customers:lookup', body, { key: 'slow-1' });
    expect(third.headers.get('idempotent-replayed')).toBe('true');
  });

  it('forgets idempotency keys after the retention period (on the platform clock)', async () => {
    const body = { ref: byId('cus_0002') };
    await client.post('/v1/customers:lookup', body, { key: 'old-key' });
    harness.clock.advance(limits.idempotencyRetentionMs + 1);
    const later = await client.post('/v1/customers:lookup', { ref: byId('cus_0003') }, { key: 'old-key' });
    expect(later.status).toBe(200);
    expect(later.json.customer.id).toBe('cus_0003');
  });
});

describe.each(transports)('body signatures over $name', ({ start }) => {
  const secret = 'whsec_test_signing_secret';
  let harness: Harness;
  let client: Api;
  beforeAll(async () => {
    harness = await start({ signingSecret: secret });
    client = api(harness);
  });
  afterAll(() => harness.close());

  const sign = (body: string, seconds: number, key = secret) =>
    `t=${seconds},v1=${createHmac('sha256', key).update(`${seconds}.${body}`).digest('hex')}`;

  it('accepts a body signed over its exact bytes within 300 seconds', async () => {
    const body = JSON.stringify({ ref: byId('cus_0001') });
    const now = Math.floor(harness.clock.now() / 1000);
    const signed = await client.post('/v1/customers:lookup', body, {
      headers: { 'loyalty-link-signature': sign(body, now - 299) },
    });
    expect(signed.status).toBe(200);
  });

  it('answers 401 invalid_signature for a missing, wrong or stale signature', async () => {
    const body = JSON.stringify({ ref: byId('cus_0001') });
    const now = Math.floor(harness.clock.now() / 1000);
    const cases = [undefined, sign(body, now, 'another_secret'), sign(body, now - 301), sign(`${body} `, now)];
    for (const signature of cases) {
      const headers: Record<string, string> = signature === undefined ? {} : { 'loyalty-link-signature': signature };
      const response = await client.post('/v1/customers:lookup', body, { headers });
      expect(response).toMatchObject({ status: 401, json: { code: 'invalid_signature' } });
      expect(response.text).not.toContain('v1=');
    }
  });

  it('does not require signatures on requests without a body', async () => {
    expect((await client.get('/v1/program')).status).toBe(200);
  });
});
