import type { LoyaltyLinkError } from '@loyalty-link/core';
import type { DeadLetterReason } from './outbox/outbox-store';

/** What the push client tells its listeners. Every event passes one payload object. */
export interface PushClientEvents {
  /** Transactions the platform acknowledged (accepted now, or recorded before under the same key). */
  delivered: { count: number; keys: string[]; accepted: number; duplicates: number };
  /** A batch failed for a reason that may pass; its transactions wait and will be sent again. */
  retrying: { count: number; attempt: number; delayMs: number; error: LoyaltyLinkError };
  /** The platform rejected a transaction for good; it is in the dead-letter list. */
  'dead-lettered': { key: string; transactionId: string | undefined; reason: DeadLetterReason };
  /** Delivery has failed for `stallAfterMs`, or cannot proceed without an operator (auth, configuration). */
  stalled: { since: number; error: LoyaltyLinkError };
  /** Nothing is left to send (dead letters aside). */
  drained: { deliveredTotal: number };
  /** The drain lease could not be taken: another process or tab is delivering from the same outbox. */
  'lease-lost': { owner: string };
}

/** The push client's overall state. */
export type PushState = 'idle' | 'sending' | 'backing-off' | 'stalled' | 'offline';

/** A snapshot of the push client, for a register's status bar or a health check. */
export interface PushStatus {
  /**
   * - `idle`: nothing waits, or waiting entries are lingering briefly to form a batch.
   * - `sending`: a batch is in flight.
   * - `backing-off`: the last attempt failed; the next is scheduled.
   * - `offline`: the platform is unreachable (network errors).
   * - `stalled`: failing for longer than `stallAfterMs`, or blocked on something an operator must fix.
   *
   * A client that does not drain (another process or tab holds the store's drain lease, or it was not
   * started) reads the state off the first waiting entry: `backing-off`, or `stalled` once the oldest has
   * waited `stallAfterMs`, when its delivery was attempted and failed; `idle` otherwise.
   */
  state: PushState;
  /** Transactions waiting to be delivered. */
  depth: number;
  /** Age of the oldest waiting transaction, in ms (0 when none). */
  oldestAgeMs: number;
  /** Transactions in the request on the wire now. */
  inFlight: number;
  /** Transactions sent again after a failed request since the client started (a batch of 50 counts 50). */
  retries: number;
  /** Transactions in the dead-letter list. */
  deadLetters: number;
  /** When the platform last acknowledged a batch (ms since epoch). */
  lastSuccessAt: number | undefined;
  /** The last delivery error (redacted). */
  lastError: { code: string; message: string } | undefined;
  /** Whether the outbox survives a crash. */
  durable: boolean;
}
