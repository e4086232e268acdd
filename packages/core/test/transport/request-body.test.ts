// A request body JSON cannot hold gets a typed error, not a TypeError.
import { expect, it } from 'vitest';
import * as z from 'zod/mini';
import { isValidationError } from '../../src/errors/validation-error';
import { createHttpTransport } from '../../src/transport/http-transport';

const transport = createHttpTransport({
  baseUrl: 'https://loyalty.test',
  apiKey: 'll_test_serialise_key_01',
  fetch: () => Promise.reject(new Error('must not be called')),
  maxRetries: 0,
});

it.each([
  ['a BigInt amount', { points: 10n }],
  [
    'a circular object',
    (() => {
      const o: Record<string, unknown> = { a: 1 };
      o.self = o;
      return o;
    })(),
  ],
])('refuses a body with %s with a ValidationError, before sending', async (_name, body) => {
  const error = await transport
    .request({ method: 'POST', path: '/v1/holds', body, idempotencyKey: 'k1', schema: z.unknown(), subject: 'hold' })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(isValidationError(error) && error.issues[0]?.code).toBe('not_serializable');
});
