import { describe, expect, it } from 'vitest';
import { sale, tenLineSale } from '../../test/fixtures';
import { isValidationError, type ValidationError } from '../errors/validation-error';
import { parseTransaction } from './parse';

function issuesOf(input: unknown): ValidationError['issues'] {
  try {
    parseTransaction(input);
  } catch (error) {
    if (isValidationError(error)) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('Transaction schema and invariants', () => {
  it('accepts a realistic ten-line sale and fills defaults', () => {
    const tx = parseTransaction(tenLineSale());
    expect(tx.lines).toHaveLength(10);
    expect(tx.holdIds).toEqual([]);
    expect(tx.totals.net.amount).toBe(tx.lines.reduce((sum, line) => sum + line.total.amount, 0));
  });

  it('lists every broken invariant with its path, not just the first', () => {
    const input = sale([
      { sku: 'A', unitPrice: 500 },
      { sku: 'B', unitPrice: 300, quantity: 2 },
    ]);
    const lines = input.lines ?? [];
    const broken = {
      ...input,
      lines: [lines[0], { ...lines[1], total: { amount: 601, currency: 'EUR' } }],
      totals: { ...input.totals, gross: { amount: 1, currency: 'EUR' } },
      payments: [{ method: 'cash', amount: { amount: 5, currency: 'EUR' } }],
    };
    const issues = issuesOf(broken);
    expect(issues.map((issue) => [issue.path.join('.'), issue.code])).toEqual([
      ['lines.1.total', 'line_total_mismatch'],
      ['totals.gross', 'totals_mismatch'],
      ['totals.net', 'totals_mismatch'],
      ['payments', 'payments_mismatch'],
    ]);
  });

  it('requires one currency throughout', () => {
    const input = sale([{ sku: 'A', unitPrice: 500 }]);
    const lines = input.lines ?? [];
    const issues = issuesOf({
      ...input,
      lines: [{ ...lines[0], unitPrice: { amount: 500, currency: 'USD' } }],
    });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['lines', 0, 'unitPrice', 'currency'], code: 'currency_mismatch' }),
    );
  });

  it('rejects insane quantities with their paths', () => {
    const input = sale([{ sku: 'A', unitPrice: 500 }]);
    const lines = input.lines ?? [];
    for (const quantity of [0, -1, 10_001, 1.2345, Number.NaN]) {
      const issues = issuesOf({ ...input, lines: [{ ...lines[0], quantity }] });
      expect(issues.some((issue) => issue.path.join('.') === 'lines.0.quantity')).toBe(true);
    }
  });

  it('rejects floats for money', () => {
    const input = sale([{ sku: 'A', unitPrice: 500 }]);
    const lines = input.lines ?? [];
    const issues = issuesOf({ ...input, lines: [{ ...lines[0], unitPrice: { amount: 4.99, currency: 'EUR' } }] });
    expect(issues[0]?.path).toEqual(['lines', 0, 'unitPrice', 'amount']);
  });

  it('needs lines for sales, and an original for voids', () => {
    const input = sale([{ sku: 'A', unitPrice: 500 }]);
    const zero = { amount: 0, currency: 'EUR' };
    expect(
      issuesOf({ ...input, lines: [], payments: [], totals: { gross: zero, discounts: zero, net: zero } }),
    ).toContainEqual(expect.objectContaining({ path: ['lines'], code: 'too_small' }));
    const voidTx = {
      ...input,
      id: 'V-1',
      kind: 'void',
      lines: [],
      payments: [],
      totals: { gross: zero, discounts: zero, net: zero },
    };
    expect(issuesOf(voidTx)).toContainEqual(
      expect.objectContaining({ path: ['originalTransactionId'], code: 'required' }),
    );
    expect(parseTransaction({ ...voidTx, originalTransactionId: 'R-0001' }).kind).toBe('void');
  });

  it('refuses discounts larger than the line and holds on a return', () => {
    const input = sale([{ sku: 'A', unitPrice: 500 }]);
    const lines = input.lines ?? [];
    const issues = issuesOf({
      ...input,
      kind: 'return',
      holdIds: ['hold_1'],
      lines: [{ ...lines[0], discounts: [{ amount: { amount: 600, currency: 'EUR' }, kind: 'manual' }] }],
    });
    expect(issues.map((issue) => issue.code)).toEqual(
      expect.arrayContaining(['not_allowed', 'discount_exceeds_price']),
    );
  });

  it('never echoes personal data in its messages', () => {
    const input = sale([{ sku: 'A', unitPrice: 500 }], { customer: { type: 'phone', value: '+31 6 1234 5678' } });
    try {
      parseTransaction(input);
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('1234');
      expect((error as ValidationError).issues[0]?.path).toEqual(['customer', 'value']);
    }
  });
});
