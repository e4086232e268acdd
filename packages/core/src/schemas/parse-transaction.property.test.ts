import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sale } from '../../test/fixtures';
import { isValidationError } from '../errors/validation-error';
import { parseTransaction } from './parse';
import { TransactionSchema } from './transaction';

// parseTransaction takes zod's compiled fast path for valid transactions and TransactionSchema for the
// rest. These properties hold it to TransactionSchema's verdict and output on valid and broken input alike.

const line = fc
  .record({
    sku: fc.constantFrom('COF-ESP', 'MLK-OAT', 'BRD-SOUR', 'TEA-GRN'),
    name: fc.option(fc.constantFrom('Espresso beans', 'Oat milk 1L', 'Ünïcode brød'), { nil: undefined }),
    category: fc.option(fc.constantFrom('coffee', 'dairy'), { nil: undefined }),
    quantity: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0.25, 1.5, 2.125)),
    unitPrice: fc.integer({ min: 0, max: 50_000 }),
    discountShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  })
  .map(({ sku, name, category, quantity, unitPrice, discountShare }) => ({
    sku,
    quantity,
    unitPrice,
    ...(name === undefined ? {} : { name }),
    ...(category === undefined ? {} : { category }),
    // A discount never exceeds the line's price.
    ...(discountShare === undefined ? {} : { discount: Math.floor(discountShare * Math.floor(unitPrice * quantity)) }),
  }));

const validInput = fc
  .record({
    lines: fc.array(line, { minLength: 1, maxLength: 6 }),
    customer: fc.option(
      fc.oneof(
        fc.record({ type: fc.constant('loyalty_id' as const), value: fc.constantFrom('cus_0001', 'cus_0042') }),
        fc.record({ type: fc.constant('phone' as const), value: fc.constant('+31612345678') }),
        fc.record({ type: fc.constant('email' as const), value: fc.constant('ada@example.com') }),
      ),
      { nil: undefined },
    ),
    cashierId: fc.option(fc.constantFrom('c-7', 'anna'), { nil: undefined }),
    metadata: fc.option(fc.dictionary(fc.constantFrom('lane', 'shift'), fc.string({ maxLength: 8 })), {
      nil: undefined,
    }),
  })
  .map(({ lines, customer, cashierId, metadata }) =>
    sale(lines, {
      ...(customer === undefined ? {} : { customer }),
      ...(cashierId === undefined ? {} : { cashierId }),
      ...(metadata === undefined ? {} : { metadata }),
    }),
  );

/** Values a broken register might put anywhere. */
const junk = fc.oneof(
  fc.constantFrom(undefined, null, '', 'x', -1, 0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, [], {}),
  fc.string({ maxLength: 80 }),
  fc.integer(),
  fc.double(),
);

/** A copy of `value` with the node at `path` replaced by `replacement`, or deleted when `replacement` is absent. */
function mutate(value: unknown, path: readonly number[], replacement: { value: unknown } | undefined): unknown {
  if (typeof value !== 'object' || value === null) return replacement === undefined ? value : replacement.value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
  const keys = Object.keys(copy);
  if (keys.length === 0 || path.length === 0) return replacement === undefined ? value : replacement.value;
  const key = keys[(path[0] ?? 0) % keys.length] as string;
  const rest = path.slice(1);
  const child = (copy as Record<string, unknown>)[key];
  if (rest.length === 0 || typeof child !== 'object' || child === null) {
    if (replacement === undefined && !Array.isArray(copy)) delete copy[key];
    else (copy as Record<string, unknown>)[key] = replacement?.value;
  } else {
    (copy as Record<string, unknown>)[key] = mutate(child, rest, replacement);
  }
  return copy;
}

function verdict(input: unknown): { ok: true; value: unknown } | { ok: false; issues: unknown } {
  try {
    return { ok: true, value: parseTransaction(input) };
  } catch (error) {
    if (isValidationError(error)) return { ok: false, issues: error.issues };
    throw error;
  }
}

describe('parseTransaction against TransactionSchema', () => {
  it('accepts what the schema accepts, with the same output byte for byte', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const expected = TransactionSchema.safeParse(input);
        const got = verdict(input);
        expect(expected.success).toBe(true);
        expect(got.ok).toBe(true);
        if (got.ok && expected.success) {
          expect(got.value).toEqual(expected.data);
          expect(JSON.stringify(got.value)).toBe(JSON.stringify(expected.data));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the schema verdict on broken transactions: nothing it rejects gets through', () => {
    fc.assert(
      fc.property(
        validInput,
        fc.array(fc.nat(40), { minLength: 1, maxLength: 5 }),
        fc.option(
          junk.map((value) => ({ value })),
          { nil: undefined },
        ),
        (input, path, replacement) => {
          const broken = mutate(input, path, replacement);
          const expected = TransactionSchema.safeParse(broken);
          const got = verdict(broken);
          expect(got.ok).toBe(expected.success);
          if (got.ok && expected.success) {
            expect(JSON.stringify(got.value)).toBe(JSON.stringify(expected.data));
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('refuses a transaction whose shape is fine but whose totals do not add up', () => {
    const input = sale([{ sku: 'A', unitPrice: 500 }]);
    const broken = { ...input, totals: { ...input.totals, net: { amount: 499, currency: 'EUR' } } };
    const got = verdict(broken);
    expect(got.ok).toBe(false);
    expect(!got.ok && got.issues).toContainEqual(expect.objectContaining({ code: 'totals_mismatch' }));
  });
});
