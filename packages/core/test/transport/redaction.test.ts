// Personal data never reaches logs or errors, in the forms it takes on the way: percent-encoded in a path (a
// phone number or an email used as a customer id), or in a problem's field paths.
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../src/logging/logger';
import { redact } from '../../src/logging/redact';
import { createProtocolPort } from '../../src/protocol/protocol-port';

const BASE = 'https://loyalty.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function collecting(lines: string[]): Logger {
  const at = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function everything(error: unknown, lines: string[]): string {
  const out = [...lines, inspect(error, { depth: 10 }), JSON.stringify(error)];
  for (let e: unknown = error; e instanceof Error; e = e.cause) out.push(e.message, e.stack ?? '');
  return out.join('\n');
}

describe('a customer id that is personal data', () => {
  it.each([
    ['a phone number', '+31612345678', '31612345678'],
    ['an email', 'jane.doe@example.com', 'jane.doe'],
  ])('stays out of logs and errors when it is %s', async (_what, customerId, needle) => {
    server.use(http.get(`${BASE}/v1/customers/:id/balance`, () => HttpResponse.error()));
    const lines: string[] = [];
    const port = createProtocolPort({
      baseUrl: BASE,
      apiKey: 'll_test_redaction_gap_01',
      logger: collecting(lines),
      maxRetries: 1,
      random: () => 0,
    });
    const error = await port.getBalance(customerId).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(everything(error, lines)).not.toContain(needle);
  });
});

describe('problem documents', () => {
  it('scrubs personal data from the field paths of a problem', async () => {
    server.use(
      http.post(`${BASE}/v1/customers:lookup`, () =>
        HttpResponse.json(
          {
            code: 'validation_failed',
            title: 'Invalid',
            errors: [{ path: ['ref', 'jane.doe@example.com'], code: 'unknown', message: 'is unknown' }],
          },
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    const port = createProtocolPort({ baseUrl: BASE, apiKey: 'll_test_redaction_gap_02' });
    const error = await port.lookupCustomer({ ref: { type: 'email', value: 'jane.doe@example.com' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(everything(error, [])).not.toContain('jane.doe@example.com');
  });
});

describe('phone numbers written with a slash', () => {
  it.each(['0171/1234567', '+49 171/1234567', '030/12345678', '+43 664/1234567'])('are scrubbed: %s', (phone) => {
    expect(redact(`No customer with phone ${phone}`)).toBe('No customer with phone [phone]');
  });
});
