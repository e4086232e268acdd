import type { EarnEstimate, Transaction, TransactionKind } from '@loyalty-link/core';

/** A recorded sale and what later returns and voids did to it. */
export interface SaleState {
  /** The customer who earned (undefined for an anonymous sale or one that earned nothing). */
  customerId: string | undefined;
  /** Who got the points its holds spent back on a refund (the holds' customer). */
  redeemerId: string | undefined;
  /** What the sale earned, line by line; returns reverse from it. */
  estimate: EarnEstimate;
  /** The calendar year its qualifying points were counted in. */
  earnYear: number;
  /** Quantities returned so far, by sale line index. */
  returnedQuantities: Map<number, number>;
  /** Points its holds actually spent. */
  redeemed: number;
  /** Redeemed points refunded so far. */
  refunded: number;
  voided: boolean;
}

/** A return or void applied to a sale, kept so that a void of the return can undo it. */
export interface ReversalState {
  /** The sale it reversed. */
  saleIdentity: string;
  /** Quantities it returned, by sale line index (in thousandths). */
  returnedMilli: Map<number, number>;
  /** Points it reversed, and what it could actually take (less after a shortfall). */
  reversed: number;
  reversedTaken: number;
  refunded: number;
  voided: boolean;
}

/** One transaction the platform recorded (accepted), once per item idempotency key. */
export interface TransactionRecord {
  idempotencyKey: string;
  transaction: Transaction;
  /** Canonical JSON of the parsed transaction: a retry must match it to be a duplicate. */
  canonical: string;
  /** `store`, `register` and `id`: how returns and voids name it. */
  identity: string;
  /** The first answer, repeated to every duplicate. */
  outcome: { pointsEarned: number; pointsRedeemed: number };
  /** What it has done so far (a parked return does nothing until its sale arrives). */
  effect: { pointsEarned: number; pointsRedeemed: number };
  /** `parked`: a return or void waiting for its original. */
  state: 'applied' | 'parked';
  customerId: string | undefined;
  /** Platform time it was recorded. */
  recordedAt: string;
  sale?: SaleState;
  reversal?: ReversalState;
}

/** Every recorded transaction, by item key and by identity, and the returns and voids waiting for originals. */
export interface TransactionBook {
  byKey: Map<string, TransactionRecord>;
  byIdentity: Map<string, TransactionRecord>;
  /** Parked returns and voids, by the identity of the original they wait for, in arrival order. */
  parked: Map<string, TransactionRecord[]>;
  /** In the order recorded. */
  all: TransactionRecord[];
}

/** Creates an empty {@link TransactionBook}. */
export function createTransactionBook(): TransactionBook {
  return { byKey: new Map(), byIdentity: new Map(), parked: new Map(), all: [] };
}

/** A transaction's identity: store, register and id (a transaction id is unique per register). */
export function identityOf(storeId: string, registerId: string, id: string): string {
  return JSON.stringify([storeId, registerId, id]);
}

/** The identity of the transaction a return or void names (its own store and register by default). */
export function originalIdentityOf(transaction: Transaction): string | undefined {
  if (transaction.originalTransactionId === undefined) return undefined;
  return identityOf(
    transaction.originalStoreId ?? transaction.storeId,
    transaction.originalRegisterId ?? transaction.registerId,
    transaction.originalTransactionId,
  );
}

/** A recorded transaction as the inspection API shows it. */
export interface RecordedTransaction {
  idempotencyKey: string;
  kind: TransactionKind;
  transaction: Transaction;
  /** The outcome answered the first time (and to every duplicate). */
  outcome: { status: 'accepted'; pointsEarned: number; pointsRedeemed: number };
  /** What it did in the end: a parked return only acts once its sale arrives. */
  effect: { pointsEarned: number; pointsRedeemed: number };
  /** `parked` while a return or void waits for its original. */
  state: 'applied' | 'parked';
  customerId?: string;
  recordedAt: string;
  /** For a sale: whether it was voided. */
  voided?: boolean;
}

/** The inspection view of a record (a copy). */
export function recordView(record: TransactionRecord): RecordedTransaction {
  return {
    idempotencyKey: record.idempotencyKey,
    kind: record.transaction.kind,
    transaction: structuredClone(record.transaction),
    outcome: { status: 'accepted', ...record.outcome },
    effect: { ...record.effect },
    state: record.state,
    ...(record.customerId === undefined ? {} : { customerId: record.customerId }),
    recordedAt: record.recordedAt,
    ...(record.sale === undefined ? {} : { voided: record.sale.voided }),
  };
}
