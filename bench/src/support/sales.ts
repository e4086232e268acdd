import { computeTotals, lineTotal, type TransactionInput } from '@loyalty-link/core';

const products = [
  { sku: 'COF-ESP-1KG', name: 'Espresso beans 1kg', category: 'coffee', price: 1899 },
  { sku: 'MLK-OAT-1L', name: 'Oat milk 1L', category: 'dairy', price: 229 },
  { sku: 'BRD-SOUR', name: 'Sourdough loaf', category: 'bakery', price: 449 },
  { sku: 'CHS-GOU-500', name: 'Gouda aged 500g', category: 'deli', price: 895 },
  { sku: 'TEA-GRN-20', name: 'Green tea 20 bags', category: 'tea', price: 279 },
  { sku: 'CHO-DRK-85', name: 'Dark chocolate 85%', category: 'sweets', price: 349 },
];

/** Seed members 1–41 without `cus_0004`, the blocked one (the simulator would reject its sales). */
function memberOf(n: number): string {
  const number = (n % 40) + 1;
  return `cus_${String(number >= 4 ? number + 1 : number).padStart(4, '0')}`;
}

/**
 * Who buys: `few` is 40 active seed members taking turns, the worst case for delivering in parallel (every
 * batch holds all of them, so each must wait for the one before); `many` is a store's day, 5,000 members
 * and one sale in three anonymous.
 */
export type CustomerMix = 'few' | 'many';

function customerOf(n: number, mix: CustomerMix): TransactionInput['customer'] {
  if (mix === 'few') return { type: 'loyalty_id', value: memberOf(n) };
  if (n % 3 === 0) return undefined;
  return { type: 'loyalty_id', value: `cus_m${(n * 7919) % 5000}` };
}

/** A realistic sale of `lineCount` lines (about 250 bytes of JSON a line); by default for one of 40 members. */
export function benchSale(
  id: string,
  n: number,
  lineCount = 4,
  mix: CustomerMix = 'few',
): Omit<TransactionInput, 'storeId' | 'registerId'> {
  const lines = Array.from({ length: lineCount }, (_, index) => {
    const product = products[(n + index) % products.length] ?? products[0];
    if (product === undefined) throw new Error('no products');
    const draft = {
      lineId: String(index + 1),
      sku: product.sku,
      name: product.name,
      category: product.category,
      quantity: 1 + (index % 2),
      unitPrice: { amount: product.price, currency: 'EUR' },
      discounts: [],
    };
    return { ...draft, total: lineTotal(draft) };
  });
  const totals = computeTotals(lines, 'EUR');
  return {
    id,
    kind: 'sale',
    occurredAt: '2026-03-14T09:30:00+01:00',
    currency: 'EUR',
    ...(customerOf(n, mix) === undefined ? {} : { customer: customerOf(n, mix) }),
    lines,
    payments: [{ method: 'card', amount: totals.net }],
    totals,
  };
}
