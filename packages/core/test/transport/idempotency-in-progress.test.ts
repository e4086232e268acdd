// `409 idempotency_in_progress` is retryable by its code (protocol §4), after its Retry-After, whether or not the
// platform also sends the Loyalty-Link-Should-Retry hint.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createHttpTransport } from '../../src/transport/http-transport';

const BASE = 'https://loyalty.test';
let calls = 0;
const server = setupServer(
  http.post(`${BASE}/v1/holds`, () => {
    calls += 1;
    if (calls === 1) {
      return HttpResponse.json(
        { code: 'idempotency_in_progress', title: 'In progress', status: 409 },
        { status: 409, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '0' } },
      );
    }
    return HttpResponse.json({ id: 'hold_1' }, { status: 201 });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('retries 409 idempotency_in_progress after its Retry-After, without the hint header', async () => {
  const transport = createHttpTransport({ baseUrl: BASE, apiKey: 'll_test_in_progress_01' });
  const result = await transport.request({
    method: 'POST',
    path: '/v1/holds',
    body: { points: 1 },
    idempotencyKey: 'hold-key-1',
    schema: z.object({ id: z.string() }),
    subject: 'hold',
  });
  expect(result.data.id).toBe('hold_1');
  expect(calls).toBe(2);
});
