import type { TransactionKind } from '@loyalty-link/core';

/** Why the last delivery attempt of an entry failed; no personal data (messages are redacted). */
export interface AttemptError {
  /** The stable error code, e.g. `network_error` or `http_503`. */
  code: string;
  /** A redacted sentence. */
  message: string;
}

/** Why an entry was dead-lettered: the platform's permanent rejection. */
export interface DeadLetterReason {
  /** The problem's stable code, e.g. `customer_not_found` or `validation_failed`. */
  code: string;
  /** A redacted sentence. */
  message: string;
  /** The HTTP status, when the rejection came with one. */
  status?: number | undefined;
}

/** What the client hands the store to append. */
export interface NewOutboxEntry {
  /** The idempotency key; unique within the store. */
  key: string;
  /** Sale, return or void. */
  kind: TransactionKind;
  /**
   * Keys that order this entry: it is never delivered before an earlier pending entry that shares one of
   * them (the customer, the transaction's own id, the id of the transaction it returns or voids).
   */
  orderingKeys: string[];
  /** The validated transaction as JSON text, stored and later sent byte for byte. */
  payload: string;
  /** When it was recorded (ms since epoch). */
  createdAt: number;
}

/** An entry waiting in the outbox. */
export interface OutboxEntry extends NewOutboxEntry {
  /** Insertion order: strictly increasing, never reused, survives restarts. */
  seq: number;
  /** UTF-8 byte length of `payload`. */
  bytes: number;
  /** Delivery attempts so far. */
  attempts: number;
  /** Not to be sent before this time (ms since epoch). */
  nextAttemptAt: number;
  /** Why the last attempt failed. */
  lastError?: AttemptError | undefined;
  /**
   * How many times it was replayed from the dead letters (0, or absent in a store that does not count).
   * The client mixes it into the batch's idempotency key: a replayed sale is processed again, not answered
   * with the rejection the platform stored under the key of the batch that was refused.
   */
  revivals?: number | undefined;
}

/** An entry the platform rejected for good, kept for an operator to inspect, replay or discard. */
export interface DeadLetter extends OutboxEntry {
  /** When it was dead-lettered. */
  deadAt: number;
  /** The platform's reason. */
  reason: DeadLetterReason;
}

/**
 * The outcome of appending one entry: `stored` (new, now durable), `duplicate` (the same key with the same
 * payload is already pending or dead-lettered; nothing changed), or `conflict` (the same key with a
 * different payload: the register reused a transaction id for another transaction; nothing changed).
 */
export type AppendOutcome =
  | { status: 'stored'; entry: OutboxEntry }
  | { status: 'duplicate'; entry: OutboxEntry }
  | { status: 'conflict'; key: string };

/** Counters of a store, read cheaply (no full scan), for `status()`. */
export interface OutboxStats {
  /** Entries waiting to be delivered. */
  pending: number;
  /** UTF-8 bytes of their payloads. */
  pendingBytes: number;
  /** `createdAt` of the first pending entry in `seq` order (the one waiting longest in line). */
  oldestCreatedAt: number | undefined;
  /** Entries in the dead-letter list. */
  deadLetters: number;
  /**
   * How many dead letters were ever put back into pending (absent in a store that does not count). A
   * revived entry keeps its old `seq`, behind where a drainer may be reading: a drainer in another process
   * (or tab) notices the change here and reads the queue from the front again.
   */
  revivals?: number | undefined;
}

/** A request to hold or renew the drain lease. */
export interface LeaseRequest {
  /** Who asks: a random id per client instance. */
  owner: string;
  /** How long the lease lasts unless renewed. */
  ttlMs: number;
  /** The current time (ms since epoch) on the caller's clock. */
  now: number;
}

/**
 * Where the outbox keeps entries. One interface, several stores (memory, SQLite, IndexedDB), one contract
 * test suite. Every method that changes something resolves only once the change is durable (for a
 * durable store), except `remove`, whose loss in a power cut is harmless (see there). A store never
 * decides policy: ordering, batching, retries and dead-lettering are the client's.
 */
export interface OutboxStore {
  /** `memory`, `sqlite`, `indexeddb` or a custom name. */
  readonly name: string;
  /** Whether entries survive a crash of the process. */
  readonly durable: boolean;

  /**
   * Appends entries. Resolves once every `stored` entry is durable. Calls made in the same tick share
   * one transaction (group commit), so many concurrent callers cost one sync to disk.
   */
  append(entries: readonly NewOutboxEntry[]): Promise<AppendOutcome[]>;
  /** Pending entries in `seq` order, with `seq > afterSeq`, at most `limit` (`limit: 0` gives none). */
  scan(options: { afterSeq?: number | undefined; limit: number }): Promise<OutboxEntry[]>;
  /**
   * Deletes delivered entries (unknown keys are ignored). A durable store may let this change reach the
   * disk later than it resolves: after a power cut it may have forgotten the removal, and the entries are
   * sent again, which the platform answers with `duplicate` under their idempotency keys. Nothing is lost
   * and nothing counts twice, and the register is spared one sync per batch.
   */
  remove(keys: readonly string[]): Promise<void>;
  /** Records failed attempts: new attempt count, next attempt time and error. */
  reschedule(
    updates: readonly { key: string; attempts: number; nextAttemptAt: number; lastError: AttemptError }[],
  ): Promise<void>;
  /** Moves pending entries to the dead-letter list. */
  deadLetter(items: readonly { key: string; deadAt: number; reason: DeadLetterReason }[]): Promise<void>;
  /** Dead letters in `seq` order, with `seq > afterSeq`, at most `limit`. */
  listDeadLetters(options: { afterSeq?: number | undefined; limit: number }): Promise<DeadLetter[]>;
  /**
   * Moves dead letters back to pending, keeping their `seq` (so they keep their place in the order), with
   * attempts reset, `lastError` cleared, due at `now`, and `revivals` (the entry's and the store's) counted
   * up. Returns how many moved.
   */
  reviveDeadLetters(keys: readonly string[], now: number): Promise<number>;
  /** Deletes dead letters for good. Returns how many were deleted. */
  discardDeadLetters(keys: readonly string[]): Promise<number>;
  /** Counters for `status()`. */
  stats(): Promise<OutboxStats>;

  /**
   * Acquires the drain lease, or renews it if `owner` holds it. Resolves `true` if `owner` holds it now.
   * Only one drainer at a time across processes (SQLite) or tabs (IndexedDB with Web Locks). A lease not
   * renewed within `ttlMs` lapses, so a crashed or frozen drainer never blocks the others for good; a Web
   * Lock is also released by the browser when its tab closes.
   */
  acquireLease(request: LeaseRequest): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  releaseLease(owner: string): Promise<void>;

  /** Content hashes of the products last synchronised, by SKU. */
  loadProductHashes(): Promise<Map<string, string>>;
  /** Records products the platform acknowledged (`hash` set) or removed (`hash` null). Durable on resolve. */
  saveProductHashes(changes: readonly { sku: string; hash: string | null }[]): Promise<void>;

  /** Commits appends still queued, then closes the store; later calls reject (`outbox_closed`). Idempotent. */
  close(): Promise<void>;
}
