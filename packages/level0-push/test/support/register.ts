import { computeTotals, lineTotal, type TransactionInput } from '@loyalty-link/core';

/** A product on the shelf of the test store. */
export interface ShelfItem {
  sku: string;
  name: string;
  category: string;
  unitPrice: number;
}

/** A few products of the seed catalog's kind (coffee, bakery, deli). */
export const shelf: ShelfItem[] = [
  { sku: 'COF-ESP-1KG', name: 'Espresso beans 1kg', category: 'coffee', unitPrice: 1899 },
  { sku: 'COF-CAP', name: 'Cappuccino', category: 'coffee', unitPrice: 345 },
  { sku: 'BAK-CRO', name: 'Croissant', category: 'bakery', unitPrice: 225 },
  { sku: 'DEL-GOU', name: 'Aged Gouda 200g', category: 'deli', unitPrice: 545 },
  { sku: 'TEA-GRN', name: 'Green tea 20 bags', category: 'tea', unitPrice: 399 },
];

/** Builds a sale the way a register does: line totals and totals computed from the lines. */
export function saleOf(
  id: string,
  items: { item: ShelfItem; quantity?: number }[],
  customer?: TransactionInput['customer'],
  occurredAt = '2026-03-14T09:30:00+01:00',
): Omit<TransactionInput, 'storeId' | 'registerId' | 'kind'> {
  const lines = items.map(({ item, quantity }, index) => {
    const draft = {
      lineId: String(index + 1),
      sku: item.sku,
      name: item.name,
      category: item.category,
      quantity: quantity ?? 1,
      unitPrice: { amount: item.unitPrice, currency: 'EUR' },
      discounts: [],
    };
    return { ...draft, total: lineTotal(draft) };
  });
  const totals = computeTotals(lines, 'EUR');
  return {
    id,
    occurredAt,
    currency: 'EUR',
    ...(customer === undefined ? {} : { customer }),
    lines,
    payments: [{ method: 'card', amount: totals.net }],
    totals,
  };
}

/** The full return of a sale built by {@link saleOf}. */
export function fullReturnOf(
  id: string,
  sale: Omit<TransactionInput, 'storeId' | 'registerId' | 'kind'>,
): Omit<TransactionInput, 'storeId' | 'registerId' | 'kind'> {
  return { ...sale, id, originalTransactionId: sale.id };
}

/** A void of an earlier transaction. */
export function voidOf(id: string, originalId: string): Omit<TransactionInput, 'storeId' | 'registerId' | 'kind'> {
  const zero = { amount: 0, currency: 'EUR' };
  return {
    id,
    occurredAt: '2026-03-14T09:45:00+01:00',
    currency: 'EUR',
    lines: [],
    totals: { gross: zero, discounts: zero, net: zero },
    originalTransactionId: originalId,
  };
}
