// What a misbehaving platform puts in a problem document must not reach logs through a PlatformError.
// The testing package cannot serve such a problem (its problem texts are fixed and pass through `redact`),
// so these build the error the way the transport does, from a problem document, with `platformErrorFrom`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { platformErrorFrom } from '../src/errors/platform-error';
import { redact } from '../src/logging/redact';
import { createProtocolPort } from '../src/protocol/protocol-port';

/** What a register's logger or crash reporter prints of an error. */
function renderings(error: Error): string {
  return [error.message, String(error), JSON.stringify(error), inspect(error, { depth: 10 }), error.stack].join('\n');
}

describe('a problem that carries a customer id percent-encoded, as URI references do', () => {
  it.each([
    ['a phone number', '/v1/customers/%2B31612345678/balance', '31612345678'],
    ['an email address', '/v1/customers/jane.doe%40example.com/balance', 'jane.doe'],
  ])('keeps %s out of the error (`instance`)', (_what, instance, needle) => {
    const error = platformErrorFrom({
      status: 404,
      problem: { code: 'customer_not_found', title: 'No such customer', instance },
    });
    expect(renderings(error)).not.toContain(needle);
  });
});

describe('a problem detail that names a phone number the way people write it', () => {
  it.each([
    ['North American with spaces', '(555) 010 0199'],
    ['North American, digits in groups', '555 010 0199'],
    ['Spanish mobile (no trunk prefix)', '612 34 56 78'],
    ['Italian mobile (no trunk prefix)', '347 123 4567'],
    ['Spanish mobile in groups of three', '612 345 678'],
  ])('keeps it out of the error message: %s', (_what, phone) => {
    const error = platformErrorFrom({
      status: 404,
      problem: { code: 'customer_not_found', title: 'No such customer', detail: `No member with phone ${phone}` },
    });
    expect(renderings(error)).not.toContain(phone);
  });
});

describe('a problem detail that names an email address on an internationalised domain', () => {
  it('keeps it out of the error message', () => {
    const error = platformErrorFrom({
      status: 404,
      problem: { code: 'customer_not_found', title: 'No such customer', detail: 'No member with email jan@müller.de' },
    });
    expect(renderings(error)).not.toContain('jan@müller.de');
  });
});

describe('numbers in groups that are not phone numbers', () => {
  it.each([
    ['a date and a time', 'Sold 2026-11-22 09:30, receipt 14-03-2026'],
    ['points in groups of thousands', 'Balance 12 345 678 points'],
    ['an address on the LAN', 'Register at 192.168.100.200 is offline'],
    ['an order number in groups', 'Order 100 200 is late'],
    ['a LAN address of a register or proxy', 'connect ECONNREFUSED 192.168.10.20:443'],
    ['another private address', 'proxy 172.16.10.100 refused the request'],
    ['an amount in a currency of big numbers', 'Total 150 000 000 IDR exceeds the limit'],
    ['an amount with thousands in groups and cents', 'Balance 123 456 789.00 points'],
    ['an amount after its currency sign', 'Limit € 250 000 000 reached'],
    ['an article number in groups', 'Unknown product 100-200-300'],
  ])('stay readable in a problem detail: %s', (_what, detail) => {
    expect(redact(detail)).toBe(detail);
    const error = platformErrorFrom({ status: 422, problem: { code: 'validation_failed', title: 'Invalid', detail } });
    expect(error.message).toContain(detail);
  });
});

describe('a product rejection that names personal data', () => {
  it('reaches the caller scrubbed, like a transaction rejection', async () => {
    // A misbehaving platform (or a gateway in front of it) that echoes a contact in a product's rejection.
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            results: [
              {
                sku: 'SKU-1',
                status: 'rejected',
                problem: {
                  code: 'validation_failed',
                  title: 'Invalid product',
                  detail: 'Supplier contact jane.doe@example.com, +31 6 1234 5678, is not allowed here',
                },
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = createProtocolPort({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        apiKey: 'll_test_products_key_01',
      });
      const response = await port.syncProducts({ upserts: [], removals: ['SKU-1'] });
      const shown = JSON.stringify(response);
      expect(response.results[0]?.status).toBe('rejected');
      expect(shown).not.toContain('jane.doe');
      expect(shown).not.toContain('1234 5678');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('a long text without an address', () => {
  it('is scrubbed in linear time, whatever its script', () => {
    // 200,000 letters of one word and no @: a pattern that scanned to the end from every letter would take
    // minutes.
    const text = `${'é'.repeat(100_000)} ${'a'.repeat(100_000)}@`;
    expect(redact(text)).toBe(text);
  });
});
