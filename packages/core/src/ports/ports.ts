import type { LoyaltyLinkError } from '../errors/loyalty-link-error';
import type {
  ProductSyncRequest,
  ProductSyncResponse,
  TransactionBatchRequest,
  TransactionBatchResponse,
} from '../protocol/level0';
import type { CustomerLookupRequest, HoldCommitRequest, HoldRequest, RedemptionQuoteRequest } from '../protocol/level1';
import type { ClientFrame, EventsPage, ServerFrame, StreamPosition } from '../protocol/live';
import type { Balance } from '../schemas/balance';
import type { Customer } from '../schemas/customer';
import type { Hold } from '../schemas/hold';
import type { LedgerPage } from '../schemas/ledger';
import type { Program } from '../schemas/program';
import type { RedemptionQuoteResult } from '../schemas/redemption';

/**
 * How a port provides an operation: `native` (the platform has it), `emulated` (the adapter builds it from
 * other calls, with the caveats its docs state), or `unsupported` (calling it throws).
 */
export type Capability = 'native' | 'emulated' | 'unsupported';

/** Level 0 operations. */
export const level0Operations = ['sendTransactions', 'syncProducts'] as const;
/** Level 1 operations. */
export const level1Operations = [
  'lookupCustomer',
  'getCustomer',
  'getBalance',
  'getLedger',
  'getProgram',
  'quoteRedemption',
  'reserveHold',
  'getHold',
  'releaseHold',
  'commitHold',
] as const;
/** Level 2 operations. */
export const level2Operations = ['openLiveChannel', 'pollEvents'] as const;

/** A level 0 operation name. */
export type Level0Operation = (typeof level0Operations)[number];
/** A level 1 operation name. */
export type Level1Operation = (typeof level1Operations)[number];
/** A level 2 operation name. */
export type Level2Operation = (typeof level2Operations)[number];

/** Which operations a port provides, and how. */
export type Capabilities<Operation extends string> = { readonly [K in Operation]: Capability };

/** Per-call options every port operation accepts. */
export interface RequestOptions {
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
  /** The whole call, all retries included, must finish within this many milliseconds. */
  deadlineMs?: number | undefined;
  /** Timeout of one attempt, in milliseconds (overrides the client's). */
  attemptTimeoutMs?: number | undefined;
  /** The idempotency key to send; reused by every retry of the call. */
  idempotencyKey?: string | undefined;
}

/** A transaction already serialised: the JSON text of a validated transaction, as an outbox stores it. */
export interface SerializedTransaction {
  /** The transaction's idempotency key. */
  idempotencyKey: string;
  /** `JSON.stringify` of a transaction that passed `TransactionSchema`. */
  json: string;
}

/** What a platform adapter implements for level 0: send transactions, synchronise products. */
export interface Level0Port {
  /** The platform's name, for logs (e.g. `loyalty-link-v1`). */
  readonly platform: string;
  /** Which operations are native, emulated or unsupported. */
  readonly capabilities: Capabilities<Level0Operation>;
  /** Delivers a batch of transactions; returns one result per item. */
  sendTransactions(request: TransactionBatchRequest, options?: RequestOptions): Promise<TransactionBatchResponse>;
  /**
   * Optional: delivers a batch whose transactions are JSON text already, with the same contract and results
   * as `sendTransactions`. A port that puts JSON on the wire implements it to send the text as it is, without
   * parsing and re-serialising every transaction; callers fall back to `sendTransactions` without it.
   */
  sendSerializedTransactions?(
    items: readonly SerializedTransaction[],
    options?: RequestOptions,
  ): Promise<TransactionBatchResponse>;
  /** Sends one chunk of changed and removed products. */
  syncProducts(request: ProductSyncRequest, options?: RequestOptions): Promise<ProductSyncResponse>;
}

/** What a platform adapter implements for level 1: identify, balances, program, quotes and holds. */
export interface Level1Port extends Omit<Level0Port, 'capabilities'> {
  /** Which operations are native, emulated or unsupported. */
  readonly capabilities: Capabilities<Level0Operation | Level1Operation>;
  /** Finds a customer by loyalty id, card, phone, email or external id. Throws `NotFoundError` if none. */
  lookupCustomer(request: CustomerLookupRequest, options?: RequestOptions): Promise<Customer>;
  /** Reads a customer by loyalty id. */
  getCustomer(customerId: string, options?: RequestOptions): Promise<Customer>;
  /** Reads a customer's points, tier, rewards and wallets. */
  getBalance(customerId: string, options?: RequestOptions): Promise<Balance>;
  /** Reads a page of a customer's points movements, newest first. */
  getLedger(
    customerId: string,
    page?: { limit?: number | undefined; cursor?: string | undefined },
    options?: RequestOptions,
  ): Promise<LedgerPage>;
  /** Reads the program (rules, tiers, rewards). */
  getProgram(options?: RequestOptions): Promise<Program>;
  /** Prices a redemption against a cart. */
  quoteRedemption(request: RedemptionQuoteRequest, options?: RequestOptions): Promise<RedemptionQuoteResult>;
  /** Reserves points. Send an idempotency key so a retried reserve never holds twice. */
  reserveHold(request: HoldRequest, options?: RequestOptions): Promise<Hold>;
  /** Reads a hold. */
  getHold(holdId: string, options?: RequestOptions): Promise<Hold>;
  /** Releases an active hold; releasing a released hold is a no-op. */
  releaseHold(holdId: string, options?: RequestOptions): Promise<Hold>;
  /** Commits an active hold to a sale. */
  commitHold(holdId: string, request: HoldCommitRequest, options?: RequestOptions): Promise<Hold>;
}

/** Callbacks of an open live channel. */
export interface LiveChannelHandlers {
  /** The connection is open; send `hello` now. */
  onOpen(): void;
  /** A frame arrived and matched the protocol. */
  onFrame(frame: ServerFrame): void;
  /** A frame arrived that breaks the protocol (a `ProtocolError`), or the connection failed. */
  onError(error: LoyaltyLinkError): void;
  /** The connection closed. */
  onClose(code: number, reason: string): void;
}

/** An open live channel. */
export interface LiveChannel {
  /** Sends a frame. */
  send(frame: ClientFrame): void;
  /** Closes the channel. */
  close(code?: number, reason?: string): void;
}

/** What a platform adapter implements for level 2: the live channel and its polling fallback. */
export interface Level2Port extends Omit<Level1Port, 'capabilities'> {
  /** Which operations are native, emulated or unsupported. */
  readonly capabilities: Capabilities<Level0Operation | Level1Operation | Level2Operation>;
  /** Opens the live channel. */
  openLiveChannel(handlers: LiveChannelHandlers): LiveChannel;
  /** Reads events after a position (the polling fallback when no live channel can be held open). */
  pollEvents(
    request: {
      after?: StreamPosition | undefined;
      customerIds: readonly string[];
      /** The register's store and the register, so cashier messages addressed to them are included. */
      storeId?: string | undefined;
      registerId?: string | undefined;
      /** The most events in the page, 1–500 (the platform's default when left out). */
      limit?: number | undefined;
    },
    options?: RequestOptions,
  ): Promise<EventsPage>;
}
