import { describe, expect, it } from 'vitest';
import { type LogFields, redactingLogger } from './logger';
import { redact, redactValue, registerSecret } from './redact';

describe('redact', () => {
  it('scrubs emails, phone numbers in common notations, bearer tokens, signatures and our API keys', () => {
    const text =
      'mail Jane.Doe+pos@example.co.uk, call +31 6 1234 5678 or +1 (555) 010-0199 or 0031612345678; ' +
      'Authorization: Bearer sk_abcdef123456; sig t=1700000000,v1=8f434346648f6b96df89dda901c5176b; key ll_live_AbCdEf123456';
    const out = redact(text);
    for (const secret of [
      'Jane.Doe',
      '1234 5678',
      '010-0199',
      '0031612345678',
      'sk_abcdef123456',
      '8f434346648f',
      'll_live_AbCdEf',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('t=1700000000');
  });

  it('scrubs payment card numbers, printed in groups or not, and leaves other long numbers', () => {
    expect(redact('card 4111 1111 1111 1111 declined, then 5500-0000-0000-0004 and 378282246310005')).toBe(
      'card [card] declined, then [card] and [card]',
    );
    // A timestamp in milliseconds, and a number that fails the card checksum.
    const other = 'at 1763829000000, order 4111111111111112';
    expect(redact(other)).toBe(other);
  });

  it('scrubs phone numbers written the national way', () => {
    expect(
      redact(
        'call 06 1234 5678, 06-12345678, 0612345678, 020 7946 0958, (030) 1234567, (555) 010-0199 or 555.010.0199',
      ),
    ).toBe('call [phone], [phone], [phone], [phone], [phone], [phone] or [phone]');
  });

  it('leaves dates, zero-padded ids and long numbers that are no phone numbers readable', () => {
    const text =
      'sale of 14-03-2026 at 09:30:00, receipt 0000123456, batch 06123456789012, id 2026-03-14T09:30:00+01:00';
    expect(redact(text)).toBe(text);
  });

  it('leaves ordinary business text alone', () => {
    const text = 'receipt 0042/2026 at store ams-01, 3 lines, total 1999 EUR, 120 points';
    expect(redact(text)).toBe(text);
  });

  it('scrubs registered secrets whatever their format', () => {
    registerSecret('hunter2-very-secret');
    expect(redact('signing with hunter2-very-secret failed')).toBe('signing with [redacted] failed');
  });

  it('redacts structured fields by name and by content', () => {
    const value = redactValue({
      apiKey: 'anything',
      customer: { phone: '+31612345678', email: 'a@b.nl', note: 'ring +31612345678', tier: 'gold' },
      headers: { Authorization: 'Bearer x', 'content-type': 'application/json' },
      error: Object.assign(new Error('lookup of jane@example.com failed'), { code: 'customer_not_found' }),
    });
    expect(value).toEqual({
      apiKey: '[redacted]',
      customer: { phone: '[redacted]', email: '[redacted]', note: 'ring [phone]', tier: 'gold' },
      headers: { Authorization: '[redacted]', 'content-type': 'application/json' },
      error: { name: 'Error', code: 'customer_not_found', message: 'lookup of [email] failed' },
    });
  });

  it('a redacting logger never lets personal data through', () => {
    const lines: [string, LogFields | undefined][] = [];
    const sink = (message: string, fields?: LogFields) => lines.push([message, fields]);
    const logger = redactingLogger({ debug: sink, info: sink, warn: sink, error: sink });
    logger.warn('customer jane@example.com not found', { phone: '+31612345678', attempt: 2 });
    expect(JSON.stringify(lines)).not.toMatch(/jane@|31612345678/);
    expect(lines[0]?.[1]).toEqual({ phone: '[redacted]', attempt: 2 });
  });
});
