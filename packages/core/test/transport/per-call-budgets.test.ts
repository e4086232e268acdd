// Time budgets given per call are checked as those given to the transport, before anything is sent.
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { isConfigurationError } from '../../src/errors/validation-error';
import { createHttpTransport } from '../../src/transport/http-transport';

const BASE = 'https://loyalty.test';
let requests = 0;
const server = setupServer(
  http.get(`${BASE}/v1/program`, async () => {
    requests += 1;
    await delay(20);
    return HttpResponse.json({ id: 'p' });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('refuses a per-call attempt timeout that is not a duration, before sending anything', async () => {
  const transport = createHttpTransport({ baseUrl: BASE, apiKey: 'll_test_budgets_key_01', random: () => 0 });
  const error = await transport
    .request({
      method: 'GET',
      path: '/v1/program',
      schema: z.object({ id: z.string() }),
      subject: 'program',
      attemptTimeoutMs: Number.NaN,
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(isConfigurationError(error) && error.code).toBe('invalid_option');
  expect(requests).toBe(0);
});
