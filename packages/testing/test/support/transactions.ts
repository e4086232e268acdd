import {
  type CustomerRef,
  computeTotals,
  lineTotal,
  type TransactionInput,
  transactionIdempotencyKey,
} from '@loyalty-link/core';

/** A line as a test writes it: sku, unit price in cents, quantity, and optionally a category, id, discounts. */
export interface LineSpec {
  sku: string;
  price: number;
  quantity?: number;
  category?: string;
  lineId?: string;
  discount?: { amount: number; kind: 'manual' | 'points' | 'reward' | 'promotion'; reference?: string };
}

/** What a test says about a transaction; the rest gets sensible defaults. */
export interface TransactionSpec {
  id: string;
  kind?: 'sale' | 'return' | 'void';
  customer?: CustomerRef;
  lines?: LineSpec[];
  holdIds?: string[];
  storeId?: string;
  registerId?: string;
  occurredAt?: string;
  originalTransactionId?: string;
  originalStoreId?: string;
  originalRegisterId?: string;
}

/** A transaction whose totals add up exactly as a register computes them. */
export function transaction(spec: TransactionSpec): TransactionInput {
  const lines = (spec.lines ?? []).map((line, index) => {
    const draft = {
      quantity: line.quantity ?? 1,
      unitPrice: { amount: line.price, currency: 'EUR' },
      discounts:
        line.discount === undefined
          ? []
          : [
              {
                amount: { amount: line.discount.amount, currency: 'EUR' },
                kind: line.discount.kind,
                ...(line.discount.reference === undefined ? {} : { reference: line.discount.reference }),
              },
            ],
    };
    return {
      lineId: line.lineId ?? `L${index + 1}`,
      sku: line.sku,
      name: line.sku,
      ...(line.category === undefined ? {} : { category: line.category }),
      ...draft,
      total: lineTotal(draft),
    };
  });
  return {
    id: spec.id,
    kind: spec.kind ?? 'sale',
    storeId: spec.storeId ?? 'ams-centrum',
    registerId: spec.registerId ?? 'reg-1',
    occurredAt: spec.occurredAt ?? '2026-03-11T09:30:00+01:00',
    currency: 'EUR',
    ...(spec.customer === undefined ? {} : { customer: spec.customer }),
    lines,
    totals: computeTotals(lines, 'EUR'),
    ...(spec.holdIds === undefined ? {} : { holdIds: spec.holdIds }),
    ...(spec.originalTransactionId === undefined ? {} : { originalTransactionId: spec.originalTransactionId }),
    ...(spec.originalStoreId === undefined ? {} : { originalStoreId: spec.originalStoreId }),
    ...(spec.originalRegisterId === undefined ? {} : { originalRegisterId: spec.originalRegisterId }),
  };
}

/** A batch item for `transaction(spec)`, keyed the way the SDK keys it. */
export function item(spec: TransactionSpec): { idempotencyKey: string; transaction: TransactionInput } {
  const tx = transaction(spec);
  return {
    idempotencyKey: transactionIdempotencyKey({
      storeId: tx.storeId,
      registerId: tx.registerId,
      kind: tx.kind,
      id: tx.id,
    }),
    transaction: tx,
  };
}

/** A loyalty-id reference. */
export const byId = (id: string): CustomerRef => ({ type: 'loyalty_id', value: id });

/** A cart of one mug (€14.95) at the seed store, for redemption quotes and holds. */
export const mugCart = {
  storeId: 'ams-centrum',
  registerId: 'reg-1',
  currency: 'EUR',
  lines: [
    {
      sku: 'BL-MERCH-MUG',
      name: 'Mug',
      quantity: 1,
      unitPrice: { amount: 1495, currency: 'EUR' },
      total: { amount: 1495, currency: 'EUR' },
    },
  ],
};
