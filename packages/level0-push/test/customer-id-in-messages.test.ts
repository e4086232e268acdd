// A customer id that is a phone number reaches error messages and log lines through the request path,
// and the redactor only recognises some ways of writing a phone number.
import { inspect } from 'node:util';
import { createMockPlatform, type MockPlatform } from '@loyalty-link/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProtocolPort, type LogFields, type Logger } from '../src/index';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let platform: MockPlatform | undefined;
afterEach(() => platform?.close());

function collecting(lines: string[]): Logger {
  const at = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Everything a register could print about an error: message, String(), JSON, inspect, and its causes. */
function everything(error: unknown, lines: string[]): string {
  const out = [...lines, inspect(error, { depth: 10 }), JSON.stringify(error), String(error)];
  for (let e: unknown = error; e instanceof Error; e = e.cause) out.push(e.message, e.stack ?? '');
  return out.join('\n');
}

describe('a customer id that is a phone number', () => {
  it.each([
    ['an E.164 number stored without its "+" (31612345678)', '31612345678'],
    ['a North American number without separators', '5550100199'],
  ])('stays out of the error and the log lines of a failed balance read: %s', async (_what, customerId) => {
    platform = createMockPlatform();
    server.use(...platform.handlers);
    // The platform's own fault injection: the connection drops on every attempt.
    platform.faults.failNext({ count: 10, as: 'network' });
    const lines: string[] = [];
    const port = createProtocolPort({
      baseUrl: platform.baseUrl,
      apiKey: platform.apiKey,
      logger: collecting(lines),
      maxRetries: 1,
      retryBaseMs: 1,
      random: () => 0,
    });
    const error = await port.getBalance(customerId).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'network_error' });
    expect(everything(error, lines)).not.toContain(customerId);
  });
});
