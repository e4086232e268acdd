// A ValidationError's message is redacted, but the `issues` it carries (and that JSON.stringify and
// util.inspect print) are not: a key of the caller's input appears there as it is.
import { inspect } from 'node:util';
import { expect, it } from 'vitest';
import { parseTransaction } from '../src/schemas/parse';

it('keeps personal data in an input key out of the ValidationError, not only out of its message', () => {
  const zero = { amount: 0, currency: 'EUR' };
  const error = (() => {
    try {
      parseTransaction({
        id: 'r-1',
        kind: 'void',
        storeId: 'ams-01',
        registerId: 'reg-1',
        occurredAt: '2026-03-14T09:30:00+01:00',
        currency: 'EUR',
        totals: { gross: zero, discounts: zero, net: zero },
        originalTransactionId: 'r-0',
        // A register that keys its own notes by the customer's contact (a newsletter opt-in flag).
        metadata: { 'jane.doe@example.com': true },
      });
    } catch (caught) {
      return caught as Error;
    }
    return undefined;
  })();
  expect(error).toMatchObject({ name: 'ValidationError', code: 'validation_failed' });
  expect(error?.message).not.toContain('jane.doe');
  expect(JSON.stringify(error)).not.toContain('jane.doe');
  expect(inspect(error)).not.toContain('jane.doe');
});
