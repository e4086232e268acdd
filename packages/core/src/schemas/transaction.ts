import * as z from 'zod/mini';
import type { ValidationIssue } from '../errors/validation-error';
import { multiplyMoney, NonNegativeMoneySchema } from '../money/money';
import {
  CurrencySchema,
  IdentifierSchema,
  LabelSchema,
  OpaqueIdSchema,
  TimestampSchema,
  TransactionIdSchema,
} from './common';
import { CustomerRefSchema } from './customer';

/** The most a single line may carry: 10,000 units (or kilograms). */
export const MAX_LINE_QUANTITY = 10_000;
/** The most lines a transaction may carry. */
export const MAX_TRANSACTION_LINES = 1_000;

/** A quantity: positive, at most {@link MAX_LINE_QUANTITY}, at most three decimals (weighed goods). */
export const QuantitySchema = z.number().check(
  z.positive(),
  z.lte(MAX_LINE_QUANTITY),
  z.refine((quantity) => Math.abs(quantity * 1000 - Math.round(quantity * 1000)) <= 1e-6, {
    message: 'must have at most three decimals',
    params: { code: 'too_precise' },
  }),
);

/** What caused a discount, so the platform can tell promotions from points. */
export const DiscountKindSchema = z.enum(['manual', 'promotion', 'voucher', 'points', 'reward', 'employee']);

/** A discount on one line, in the transaction's currency. */
export const LineDiscountSchema = z.object({
  /** The amount taken off the line; zero or more. */
  amount: NonNegativeMoneySchema,
  /** What caused the discount. */
  kind: DiscountKindSchema,
  /** The voucher code, promotion id or reward id behind the discount. */
  reference: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** A note for people. */
  reason: z.optional(LabelSchema),
});
/** A discount on one line. */
export type LineDiscount = z.infer<typeof LineDiscountSchema>;

/** One itemised line of a sale or a return. */
export const TransactionLineSchema = z.object({
  /** The line's id within the transaction; a return names the sale's line it reverses through it. */
  lineId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** The product's stock-keeping unit. */
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The product's name as printed on the receipt. */
  name: LabelSchema,
  /** The product category, for category rules (e.g. `coffee`). */
  category: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** Units or kilograms; positive, at most three decimals. Returns use positive quantities too. */
  quantity: QuantitySchema,
  /** The price of one unit before discounts. */
  unitPrice: NonNegativeMoneySchema,
  /** Discounts on this line (default none). */
  discounts: z._default(z.array(LineDiscountSchema).check(z.maxLength(20)), []),
  /** `unitPrice × quantity` (rounded half away from zero) minus the discounts. */
  total: NonNegativeMoneySchema,
});
/** One itemised line. */
export type TransactionLine = z.infer<typeof TransactionLineSchema>;

/** How a sale was paid. `points` is a redemption, committed through the sale's `holdIds`. */
export const PaymentMethodSchema = z.enum(['cash', 'card', 'gift_card', 'store_credit', 'points', 'voucher', 'other']);

/** One payment towards the transaction's net total. */
export const PaymentSchema = z.object({
  /** How it was paid. */
  method: PaymentMethodSchema,
  /** The amount applied to the transaction (after change is given). */
  amount: NonNegativeMoneySchema,
  /** A masked card number, a gift card id or a voucher code. Never a full card number. */
  reference: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
/** One payment. */
export type Payment = z.infer<typeof PaymentSchema>;

/** The transaction's totals, which must add up to its lines. */
export const TransactionTotalsSchema = z.object({
  /** Σ `unitPrice × quantity` over the lines. */
  gross: NonNegativeMoneySchema,
  /** Σ line discounts. */
  discounts: NonNegativeMoneySchema,
  /** `gross − discounts`, which is also Σ line totals. */
  net: NonNegativeMoneySchema,
  /** The tax included in `net`, informational. */
  tax: z.optional(NonNegativeMoneySchema),
});

/** What a transaction records: a completed sale, a return of goods, or the void of an earlier transaction. */
export const TransactionKindSchema = z.enum(['sale', 'return', 'void']);
/** `sale`, `return` or `void`. */
export type TransactionKind = z.infer<typeof TransactionKindSchema>;

/** The shape of a transaction without its business invariants (internal: parse through `TransactionSchema`). */
export const TransactionShape = z.object({
  /** Unique per register; most registers use the receipt number. Part of the idempotency key. */
  id: TransactionIdSchema,
  /** Sale, return or void. */
  kind: TransactionKindSchema,
  /** The store it happened in. */
  storeId: IdentifierSchema,
  /** The register it was rung up on. */
  registerId: IdentifierSchema,
  /** The number printed on the receipt, if it differs from `id`. */
  receiptNumber: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** When the transaction completed, with its UTC offset. */
  occurredAt: TimestampSchema,
  /** Who rang it up. */
  cashierId: z.optional(IdentifierSchema),
  /** The loyalty customer, if one was identified. Anonymous sales are recorded too. */
  customer: z.optional(CustomerRefSchema),
  /** The one currency every amount of the transaction is in. */
  currency: CurrencySchema,
  /** Itemised lines; required for sales and returns, empty for a void. */
  lines: z._default(z.array(TransactionLineSchema).check(z.maxLength(MAX_TRANSACTION_LINES)), []),
  /** Payments (default none recorded); when present they sum to `totals.net`. */
  payments: z._default(z.array(PaymentSchema).check(z.maxLength(50)), []),
  /** Totals that add up to the lines. */
  totals: TransactionTotalsSchema,
  /** For a return: the sale it returns goods from. For a void: the transaction it voids (required). */
  originalTransactionId: z.optional(TransactionIdSchema),
  /** The store of the original transaction, when the goods come back to another store (default: this one). */
  originalStoreId: z.optional(IdentifierSchema),
  /** The register of the original transaction, when it was another one (default: this one). */
  originalRegisterId: z.optional(IdentifierSchema),
  /** Holds this sale commits (points redeemed at the till). */
  holdIds: z._default(z.array(OpaqueIdSchema).check(z.maxLength(10)), []),
  /** Voucher or discount codes applied to the sale. */
  voucherCodes: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(10)), []),
  /** Free-form string metadata for the merchant's own use (at most 20 keys). */
  metadata: z.optional(
    z
      .record(z.string().check(z.minLength(1), z.maxLength(40)), z.string().check(z.maxLength(500)))
      .check(z.refine((record) => Object.keys(record).length <= 20, { message: 'must have at most 20 keys' })),
  ),
});

type TransactionShapeOutput = z.infer<typeof TransactionShape>;

/**
 * The business invariants of a transaction that a schema alone cannot state: one currency throughout,
 * line totals and transaction totals that add up, payments that cover the net total, and the fields each
 * kind needs. Returns every issue found, each with its path; an empty list means the transaction is sound.
 */
export function transactionIssues(tx: TransactionShapeOutput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const issue = (path: (string | number)[], code: string, message: string): void => {
    issues.push({ path, code, message });
  };
  const currency = tx.currency;
  const sameCurrency = (path: (string | number)[], value: { currency: string }): boolean => {
    if (value.currency === currency) return true;
    issue(path, 'currency_mismatch', `must be in the transaction currency ${currency}, not ${value.currency}`);
    return false;
  };

  if (tx.kind !== 'void' && tx.lines.length === 0)
    issue(['lines'], 'too_small', `a ${tx.kind} needs at least one line`);
  if (tx.kind === 'void' && tx.originalTransactionId === undefined) {
    issue(['originalTransactionId'], 'required', 'a void must name the transaction it voids');
  }
  if (tx.kind !== 'sale' && tx.holdIds.length > 0) issue(['holdIds'], 'not_allowed', 'only a sale can commit holds');
  if (tx.kind === 'sale' && tx.originalTransactionId !== undefined) {
    issue(['originalTransactionId'], 'not_allowed', 'a sale does not reference an original transaction');
  }
  if (
    tx.originalTransactionId === undefined &&
    (tx.originalStoreId !== undefined || tx.originalRegisterId !== undefined)
  ) {
    issue(['originalTransactionId'], 'required', 'is required when the original store or register is given');
  }

  let gross = 0;
  let discounts = 0;
  let net = 0;
  let currenciesOk = true;
  const lineIds = new Set<string>();
  tx.lines.forEach((line, index) => {
    const at = ['lines', index];
    if (line.lineId !== undefined) {
      if (lineIds.has(line.lineId)) issue([...at, 'lineId'], 'duplicate', 'must be unique within the transaction');
      lineIds.add(line.lineId);
    }
    let ok = sameCurrency([...at, 'unitPrice', 'currency'], line.unitPrice);
    ok = sameCurrency([...at, 'total', 'currency'], line.total) && ok;
    let lineDiscount = 0;
    line.discounts.forEach((discount, d) => {
      ok = sameCurrency([...at, 'discounts', d, 'amount', 'currency'], discount.amount) && ok;
      lineDiscount += discount.amount.amount;
    });
    if (!ok) {
      currenciesOk = false;
      return;
    }
    let lineGross: number;
    try {
      lineGross = multiplyMoney(line.unitPrice, line.quantity).amount;
    } catch {
      // Each value is valid, their product is beyond what an amount can hold: an issue, not a crash.
      issue([...at, 'total'], 'too_large', 'unitPrice × quantity is too large an amount');
      currenciesOk = false;
      return;
    }
    if (lineDiscount > lineGross) {
      issue(
        [...at, 'discounts'],
        'discount_exceeds_price',
        `discounts ${lineDiscount} exceed the line's price ${lineGross}`,
      );
    }
    if (line.total.amount !== lineGross - lineDiscount) {
      issue(
        [...at, 'total'],
        'line_total_mismatch',
        `must be unitPrice × quantity − discounts = ${lineGross - lineDiscount}, not ${line.total.amount}`,
      );
    }
    gross += lineGross;
    discounts += lineDiscount;
    net += line.total.amount;
  });

  const totals = tx.totals;
  let totalsOk = sameCurrency(['totals', 'gross', 'currency'], totals.gross);
  totalsOk = sameCurrency(['totals', 'discounts', 'currency'], totals.discounts) && totalsOk;
  totalsOk = sameCurrency(['totals', 'net', 'currency'], totals.net) && totalsOk;
  if (totals.tax !== undefined) totalsOk = sameCurrency(['totals', 'tax', 'currency'], totals.tax) && totalsOk;
  if (totalsOk && currenciesOk) {
    if (totals.gross.amount !== gross)
      issue(['totals', 'gross'], 'totals_mismatch', `must be Σ line prices = ${gross}`);
    if (totals.discounts.amount !== discounts) {
      issue(['totals', 'discounts'], 'totals_mismatch', `must be Σ line discounts = ${discounts}`);
    }
    if (totals.net.amount !== totals.gross.amount - totals.discounts.amount || totals.net.amount !== net) {
      issue(['totals', 'net'], 'totals_mismatch', `must be gross − discounts = Σ line totals = ${net}`);
    }
    if (totals.tax !== undefined && totals.tax.amount > totals.net.amount) {
      issue(['totals', 'tax'], 'tax_exceeds_total', 'the tax included cannot exceed the net total');
    }
  }

  let paid = 0;
  let paymentsOk = true;
  tx.payments.forEach((payment, index) => {
    paymentsOk = sameCurrency(['payments', index, 'amount', 'currency'], payment.amount) && paymentsOk;
    paid += payment.amount.amount;
  });
  if (tx.payments.length > 0 && paymentsOk && totalsOk && paid !== totals.net.amount) {
    issue(['payments'], 'payments_mismatch', `payments sum to ${paid}, the net total is ${totals.net.amount}`);
  }
  return issues;
}

/**
 * A completed sale, a return or a void, as the register records it. Parsing checks the shape and every
 * business invariant ({@link transactionIssues}); use {@link parseTransaction} to get a `ValidationError`
 * that lists them all.
 */
export const TransactionSchema = TransactionShape.check(
  z.superRefine(
    (tx, ctx) => {
      for (const found of transactionIssues(tx)) {
        ctx.addIssue({ code: 'custom', message: found.message, path: found.path, params: { code: found.code } });
      }
      // Invariants are only meaningful on a well-formed transaction; otherwise they would bury the real issue.
    },
    { when: (payload) => payload.issues.length === 0 },
  ),
);

/** A validated transaction (defaults applied). */
export type Transaction = z.infer<typeof TransactionSchema>;
/** A transaction as a caller writes it (optional lists may be left out). */
export type TransactionInput = z.input<typeof TransactionSchema>;
