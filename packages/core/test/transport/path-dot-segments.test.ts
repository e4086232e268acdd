// An id of `.` or `..` would be resolved as a path segment and reach another resource: it is refused.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { isValidationError } from '../../src/errors/validation-error';
import { createProtocolPort } from '../../src/protocol/protocol-port';

const BASE = 'https://loyalty.test';
const seen: string[] = [];
const server = setupServer(
  http.all(`${BASE}/*`, ({ request }) => {
    seen.push(`${request.method} ${new URL(request.url).pathname}`);
    return HttpResponse.json(
      { code: 'not_found' },
      { status: 404, headers: { 'Content-Type': 'application/problem+json' } },
    );
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  seen.length = 0;
});
afterAll(() => server.close());

const port = createProtocolPort({ baseUrl: BASE, apiKey: 'll_test_dot_segments_01' });

it.each([
  ['getBalance', '..', () => port.getBalance('..')],
  ['getCustomer', '.', () => port.getCustomer('.')],
  ['getHold', '..', () => port.getHold('..')],
])('%s(%j) is refused before any request', async (_name, _id, call) => {
  const error = await call().catch((caught: unknown) => caught);
  expect(isValidationError(error) && error.issues[0]?.code).toBe('invalid_format');
  expect(seen).toEqual([]);
});
