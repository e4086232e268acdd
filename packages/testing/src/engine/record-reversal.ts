import {
  type Customer,
  estimateReturnReversal,
  quantityToMilli,
  type ReturnReversal,
  type Transaction,
  type TransactionItemResult,
} from '@loyalty-link/core';
import type { Account } from './account';
import { type EngineContext, nowIso } from './engine-context';
import { accepted, rejected } from './item-outcome';
import { addQualifying, debitFloored, post } from './ledger';
import { localYear } from './local-year';
import { earnFor } from './record-sale';
import {
  identityOf,
  originalIdentityOf,
  type ReversalState,
  type SaleState,
  type TransactionBook,
  type TransactionRecord,
} from './transaction-book';

type Outcome = { pointsEarned: number; pointsRedeemed: number };
type Recorded = { result: TransactionItemResult; record?: TransactionRecord };

/** The net value of a sale returned so far: `Σ ⌊line total × returned / sold⌋`, exact at a full return. */
function returnedValue(sale: Transaction, returned: ReadonlyMap<number, number>): bigint {
  let value = 0n;
  sale.lines.forEach((line, index) => {
    const sold = BigInt(quantityToMilli(line.quantity));
    const back = BigInt(quantityToMilli(Math.min(returned.get(index) ?? 0, line.quantity)));
    if (sold > 0n) value += (BigInt(line.total.amount) * back) / sold;
  });
  return value;
}

/**
 * Redeemed points to give back for this return: `⌊R × V₂ / N⌋ − ⌊R × V₁ / N⌋`, where `R` is what the sale's
 * holds spent, `N` its net total and `V₁`, `V₂` the value returned before and after. The same cumulative
 * floor as points reversal, so partial returns adding up to the whole sale refund exactly `R`.
 */
function refundFor(state: SaleState, sale: Transaction, before: bigint, after: bigint): number {
  const redeemed = BigInt(state.redeemed);
  const net = BigInt(sale.totals.net.amount);
  // A sale with a zero net total has no value to return in proportion; only its void refunds.
  if (redeemed === 0n || net === 0n) return 0;
  return Number((redeemed * after) / net - (redeemed * before) / net);
}

function accountFor(context: EngineContext, customerId: string | undefined): Account | undefined {
  return customerId === undefined ? undefined : context.accounts.get(customerId);
}

/** Takes back `points` earned points (floored at zero, shortfall recorded). Returns what it could take. */
function takeBack(
  context: EngineContext,
  account: Account | undefined,
  points: number,
  year: number,
  transactionId: string,
  reason: string,
): number {
  if (account === undefined || points <= 0) return 0;
  addQualifying(account, year, -points);
  account.lifetime = Math.max(0, account.lifetime - points);
  return debitFloored(context, account, points, { type: 'reverse', transactionId, reason });
}

function refund(
  context: EngineContext,
  account: Account | undefined,
  points: number,
  transactionId: string,
  reason: string,
): void {
  if (account === undefined || points <= 0) return;
  post(context, account, { type: 'refund', points, transactionId, reason });
}

/** Applies a return or void to a recorded sale; assumes the caller checked `return_exceeds_sale`. */
function applyToSale(
  context: EngineContext,
  saleRecord: TransactionRecord,
  state: SaleState,
  transaction: Transaction,
  reversal: ReturnReversal,
): { outcome: Outcome; reversal: ReversalState } {
  const sale = saleRecord.transaction;
  const before = returnedValue(sale, state.returnedQuantities);
  const returnedMilli = new Map<number, number>();
  for (const line of reversal.lines) {
    returnedMilli.set(
      line.saleLineIndex,
      (returnedMilli.get(line.saleLineIndex) ?? 0) + quantityToMilli(line.quantity),
    );
  }
  state.returnedQuantities = reversal.returnedQuantities;
  const after = returnedValue(sale, state.returnedQuantities);
  const isVoid = transaction.kind === 'void';
  const refunded = isVoid ? state.redeemed - state.refunded : refundFor(state, sale, before, after);
  const what = isVoid ? 'Void' : 'Return';
  const taken = takeBack(
    context,
    accountFor(context, state.customerId),
    reversal.points,
    state.earnYear,
    transaction.id,
    `${what}: earned points taken back`,
  );
  refund(context, accountFor(context, state.redeemerId), refunded, transaction.id, `${what}: redeemed points refunded`);
  state.refunded += refunded;
  if (isVoid) state.voided = true;
  return {
    outcome: { pointsEarned: -reversal.points, pointsRedeemed: -refunded },
    reversal: {
      saleIdentity: saleRecord.identity,
      returnedMilli,
      reversed: reversal.points,
      reversedTaken: taken,
      refunded,
      voided: false,
    },
  };
}

/**
 * Undoes an applied return (the void of a return): quantities, points and refunds go back. When the sale was
 * voided since, its void already took back everything the return had left, so nothing comes back: the
 * return is only marked voided.
 */
function undoReturn(
  context: EngineContext,
  book: TransactionBook,
  target: ReversalState,
  transaction: Transaction,
): Outcome {
  const saleRecord = book.byIdentity.get(target.saleIdentity);
  const state = saleRecord?.sale;
  target.voided = true;
  if (saleRecord === undefined || state === undefined || state.voided) return { pointsEarned: 0, pointsRedeemed: 0 };
  const returned = new Map(state.returnedQuantities);
  for (const [index, milli] of target.returnedMilli) {
    const left = quantityToMilli(returned.get(index) ?? 0) - milli;
    if (left > 0) returned.set(index, left / 1000);
    else returned.delete(index);
  }
  state.returnedQuantities = returned;
  state.refunded -= target.refunded;
  const earner = accountFor(context, state.customerId);
  if (earner !== undefined && target.reversed > 0) {
    addQualifying(earner, state.earnYear, target.reversed);
    earner.lifetime += target.reversed;
    if (target.reversedTaken > 0) {
      post(context, earner, {
        type: 'earn',
        points: target.reversedTaken,
        transactionId: transaction.id,
        reason: 'Return voided: points restored',
      });
    }
  }
  const redeemer = accountFor(context, state.redeemerId);
  if (redeemer !== undefined && target.refunded > 0) {
    debitFloored(context, redeemer, target.refunded, {
      type: 'redeem',
      transactionId: transaction.id,
      reason: 'Return voided: refunded points spent again',
    });
  }
  return { pointsEarned: target.reversedTaken, pointsRedeemed: target.refunded };
}

/**
 * Applies a return or void to its original now that both are known. `strict` (a return arriving after its
 * sale) refuses what a sale cannot take back; a parked one (its sale came later) applies what matches.
 */
function applyToOriginal(
  context: EngineContext,
  book: TransactionBook,
  original: TransactionRecord,
  transaction: Transaction,
  strict: boolean,
): { outcome: Outcome; reversal?: ReversalState } | { code: string; detail: string } {
  const state = original.sale;
  if (state !== undefined) {
    if (transaction.kind === 'void' && state.voided) {
      return { code: 'already_voided', detail: 'The original transaction was already voided.' };
    }
    let reversal: ReturnReversal;
    try {
      reversal = estimateReturnReversal(state.estimate, original.transaction, transaction, state.returnedQuantities);
    } catch {
      return { code: 'validation_failed', detail: 'The return cannot be matched to its original.' };
    }
    if (strict && transaction.kind === 'return' && reversal.unmatched.length > 0) {
      return { code: 'return_exceeds_sale', detail: 'The return exceeds what is left of the sale.' };
    }
    return applyToSale(context, original, state, transaction, reversal);
  }
  const target = original.reversal;
  if (transaction.kind !== 'void' || original.transaction.kind !== 'return') {
    return { code: 'invalid_original', detail: 'Only a sale can be returned, and only a sale or a return voided.' };
  }
  if (original.state === 'parked') {
    // The return never acted (its sale is still unknown), so voiding it only means it never will.
    for (const [identity, waiting] of book.parked) {
      book.parked.set(
        identity,
        waiting.filter((candidate) => candidate !== original),
      );
    }
    original.state = 'applied';
    original.reversal = {
      saleIdentity: '',
      returnedMilli: new Map(),
      reversed: 0,
      reversedTaken: 0,
      refunded: 0,
      voided: true,
    };
    return { outcome: { pointsEarned: 0, pointsRedeemed: 0 } };
  }
  if (target === undefined || target.voided) {
    return { code: 'already_voided', detail: 'The original transaction was already voided.' };
  }
  return { outcome: undoReturn(context, book, target, transaction) };
}

function newRecord(
  context: EngineContext,
  idempotencyKey: string,
  transaction: Transaction,
  canonical: string,
  outcome: Outcome,
  customerId: string | undefined,
  state: 'applied' | 'parked',
): TransactionRecord {
  return {
    idempotencyKey,
    transaction,
    canonical,
    identity: identityOf(transaction.storeId, transaction.registerId, transaction.id),
    outcome,
    effect: state === 'parked' ? { pointsEarned: 0, pointsRedeemed: 0 } : { ...outcome },
    state,
    customerId,
    recordedAt: nowIso(context),
  };
}

/**
 * Applies the returns and voids that were waiting for `original` (parked because they arrived first), in
 * the order they arrived. Called whenever a transaction is recorded.
 */
export function applyParked(context: EngineContext, book: TransactionBook, original: TransactionRecord): void {
  const waiting = book.parked.get(original.identity);
  if (waiting === undefined) return;
  book.parked.delete(original.identity);
  for (const record of waiting) {
    if (record.state !== 'parked') continue;
    const applied = applyToOriginal(context, book, original, record.transaction, false);
    record.state = 'applied';
    if ('outcome' in applied) {
      record.effect = applied.outcome;
      if (applied.reversal !== undefined) record.reversal = applied.reversal;
      if (record.customerId === undefined) record.customerId = original.customerId;
    }
  }
}

/**
 * Records a return or a void. With a known original it reverses earning and refunds redemption in
 * proportion (protocol §5); with an unknown one it is accepted and parked until the original arrives; an
 * ad hoc return (no original) takes back what its lines would earn as a sale.
 */
export function recordReversal(
  context: EngineContext,
  book: TransactionBook,
  idempotencyKey: string,
  transaction: Transaction,
  canonical: string,
): Recorded {
  const reject = (code: string, detail: string): Recorded => ({
    result: rejected(idempotencyKey, transaction.id, code, detail),
  });
  let customer: Customer | undefined;
  if (transaction.customer !== undefined) {
    customer = context.customers.find(transaction.customer);
    if (customer === undefined) return reject('customer_not_found', 'The customer reference matches no customer.');
  }
  const originalIdentity = originalIdentityOf(transaction);

  if (originalIdentity === undefined) {
    // An ad hoc return: take back what its lines would earn as a sale today.
    let points = 0;
    const account = accountFor(context, customer?.id);
    const year = localYear(Date.parse(transaction.occurredAt), context.program.timeZone);
    if (customer !== undefined && account !== undefined) {
      try {
        // The birthday bonus is a once-a-year gift, not a property of the goods: an ad hoc return ignores it.
        points = earnFor(context, account, undefined, { ...transaction, kind: 'sale' }, year).points;
      } catch {
        return reject('validation_failed', 'The transaction cannot be evaluated against the program.');
      }
    }
    takeBack(context, account, points, year, transaction.id, 'Return without receipt: points taken back');
    const outcome = { pointsEarned: -points, pointsRedeemed: 0 };
    return {
      result: accepted(idempotencyKey, transaction.id, outcome),
      record: newRecord(context, idempotencyKey, transaction, canonical, outcome, customer?.id, 'applied'),
    };
  }

  const original = book.byIdentity.get(originalIdentity);
  if (original === undefined) {
    const waiting = book.parked.get(originalIdentity) ?? [];
    if (transaction.kind === 'void' && waiting.some((record) => record.transaction.kind === 'void')) {
      return reject('already_voided', 'The original transaction was already voided.');
    }
    const outcome = { pointsEarned: 0, pointsRedeemed: 0 };
    const record = newRecord(context, idempotencyKey, transaction, canonical, outcome, customer?.id, 'parked');
    book.parked.set(originalIdentity, [...waiting, record]);
    return { result: accepted(idempotencyKey, transaction.id, outcome), record };
  }

  const applied = applyToOriginal(context, book, original, transaction, true);
  if (!('outcome' in applied)) return reject(applied.code, applied.detail);
  const record = newRecord(
    context,
    idempotencyKey,
    transaction,
    canonical,
    applied.outcome,
    original.customerId ?? customer?.id,
    'applied',
  );
  if (applied.reversal !== undefined) record.reversal = applied.reversal;
  return { result: accepted(idempotencyKey, transaction.id, applied.outcome), record };
}
