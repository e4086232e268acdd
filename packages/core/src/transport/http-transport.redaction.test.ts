import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { LogFields, Logger } from '../logging/logger';
import { createHttpTransport } from './http-transport';

const BASE = 'https://loyalty.test';
const API_KEY = 'll_test_R3dact10nK3y_9f8e7d';
const SIGNING_SECRET = 'whsec_Zq81xVbN4mPs02';
const PHONE = '+31612345678';
const EMAIL = 'jane.doe@example.com';
const secrets = [API_KEY, SIGNING_SECRET, PHONE, EMAIL, EMAIL.toUpperCase()];

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function collectingLogger(lines: string[]): Logger {
  const at =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Everything a developer could print about an error: message, String(), JSON, and the same for its causes. */
function renderings(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    out.push(String(current), JSON.stringify(current) ?? '');
    if (current instanceof Error) {
      out.push(current.message, current.stack ?? '');
      current = current.cause;
    } else {
      current = undefined;
    }
  }
  return out;
}

it('never lets the API key, the signing secret, a phone number or an email reach a log line or an error', async () => {
  const echo = `No customer with phone ${PHONE} or email ${EMAIL} (key ${API_KEY}, secret ${SIGNING_SECRET})`;
  let lookups = 0;
  server.use(
    http.post(`${BASE}/v1/customers:lookup`, () => {
      lookups += 1;
      if (lookups === 1) return HttpResponse.json({ code: 'unavailable', detail: echo }, { status: 503 });
      return HttpResponse.json(
        {
          code: 'customer_not_found',
          title: `Not found: ${EMAIL}`,
          detail: echo,
          instance: `/customers/${PHONE}`,
          errors: [{ path: ['ref', 'value'], code: 'not_found', message: `nothing for ${PHONE} / ${EMAIL}` }],
        },
        { status: 404, headers: { 'Content-Type': 'application/problem+json', 'Request-Id': 'req_1' } },
      );
    }),
    http.get(`${BASE}/v1/customers/c1`, () => HttpResponse.json({ id: PHONE, email: 42 })),
    http.get(`${BASE}/v1/customers/c2`, () =>
      HttpResponse.json({ code: 'internal', detail: echo }, { status: 500, headers: { 'Retry-After': '0' } }),
    ),
    http.get(`${BASE}/v1/customers/c3`, () => HttpResponse.error()),
  );

  const lines: string[] = [];
  const transport = createHttpTransport({
    baseUrl: BASE,
    apiKey: API_KEY,
    signingSecret: SIGNING_SECRET,
    logger: collectingLogger(lines),
    random: () => 0,
    maxRetries: 2,
  });
  const Customer = z.object({ id: z.string(), email: z.optional(z.string()) });
  const settled = await Promise.allSettled([
    transport.request({
      method: 'POST',
      path: '/v1/customers:lookup',
      body: { ref: { type: 'phone', value: PHONE }, contact: { email: EMAIL } },
      retry: true,
      schema: Customer,
      subject: 'customer lookup',
    }),
    transport.request({ method: 'GET', path: '/v1/customers/c1', schema: Customer, subject: 'customer' }),
    transport.request({ method: 'GET', path: '/v1/customers/c2', schema: Customer, subject: 'customer' }),
    transport.request({ method: 'GET', path: '/v1/customers/c3', schema: Customer, subject: 'customer' }),
    transport.request({
      method: 'GET',
      path: '/v1/customers/c2',
      schema: Customer,
      subject: 'customer',
      deadlineMs: 1,
    }),
  ]);
  const errors = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));

  expect(errors).toHaveLength(settled.length);
  expect(lookups).toBe(2);
  expect(lines.some((line) => line.startsWith('debug http attempt'))).toBe(true);
  expect(lines.some((line) => line.startsWith('warn http retry'))).toBe(true);
  const everything = [...lines, ...errors.flatMap(renderings)].join('\n');
  for (const secret of secrets) expect(everything).not.toContain(secret);
  // The lookup's error still says what happened, with the personal data scrubbed.
  expect(renderings(errors[0]).join('\n')).toContain('[phone]');
});
