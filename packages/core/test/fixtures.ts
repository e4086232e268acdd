import { computeTotals, type TransactionInput } from '../src/index';
import { type TestLineSpec, testLines } from '../src/rules/test-program';

/** A realistic sale for tests: lines become totals exactly as a register computes them. */
export function sale(specs: TestLineSpec[], overrides: Partial<TransactionInput> = {}): TransactionInput {
  const currency = overrides.currency ?? 'EUR';
  const lines = testLines(specs, currency);
  const totals = computeTotals(lines, currency);
  return {
    id: 'R-0001',
    kind: 'sale',
    storeId: 'ams-01',
    registerId: 'reg-1',
    occurredAt: '2026-03-14T09:30:00+01:00',
    currency,
    lines,
    payments: [{ method: 'card', amount: totals.net }],
    totals,
    ...overrides,
  };
}

/** A ten-line grocery sale, as used in benchmarks. */
export function tenLineSale(id = 'R-0001'): TransactionInput {
  return sale(
    [
      { sku: 'COF-ESP', name: 'Espresso beans 1kg', category: 'coffee', unitPrice: 1899 },
      { sku: 'MLK-OAT', name: 'Oat milk 1L', category: 'dairy', quantity: 3, unitPrice: 229 },
      { sku: 'BRD-SOUR', name: 'Sourdough loaf', category: 'bakery', unitPrice: 449 },
      { sku: 'APL-ELS', name: 'Apples Elstar', category: 'produce', quantity: 1.245, unitPrice: 299 },
      { sku: 'CHS-GOU', name: 'Gouda aged 500g', category: 'cheese', unitPrice: 895, discount: 100 },
      { sku: 'CHO-DRK', name: 'Dark chocolate 85%', category: 'sweets', quantity: 2, unitPrice: 349 },
      { sku: 'WIN-RED', name: 'Rioja Crianza', category: 'wine', unitPrice: 1295 },
      { sku: 'EGG-FR6', name: 'Free-range eggs x6', category: 'dairy', unitPrice: 329 },
      { sku: 'TEA-GRN', name: 'Green tea 20 bags', category: 'tea', unitPrice: 279 },
      { sku: 'BAG-REU', name: 'Reusable bag', category: 'non-food', unitPrice: 99 },
    ],
    { id, customer: { type: 'loyalty_id', value: 'cus_0001' } },
  );
}
