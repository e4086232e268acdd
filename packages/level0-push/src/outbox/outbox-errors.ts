import { LoyaltyLinkError } from '@loyalty-link/core';

/**
 * The stable codes of the errors an outbox store throws (always a `LoyaltyLinkError`; bad arguments throw a
 * `ValidationError` with code `validation_failed`).
 *
 * - `outbox_closed`: the store was closed (or, for IndexedDB, another tab upgraded the database).
 * - `outbox_corrupt`: a stored row or record cannot be read back; the file or database was damaged or
 *   written by something else.
 * - `outbox_busy`: another process held the database for longer than the busy timeout. Retryable.
 * - `outbox_full`: the disk (or the browser's storage quota for the site) is full; nothing of the failed
 *   call was stored. Retryable once space was freed: tell the operator, as nothing more can be recorded.
 * - `outbox_write_failed`: the write did not become durable (an I/O error); nothing of the failed call was
 *   stored. Retryable.
 * - `outbox_read_failed`: the database could not be read (I/O error). Retryable.
 * - `outbox_open_failed`: the database could not be opened or migrated.
 * - `outbox_schema_unsupported`: the database was written by a newer version of this package.
 */
export type OutboxErrorCode =
  | 'outbox_closed'
  | 'outbox_corrupt'
  | 'outbox_busy'
  | 'outbox_full'
  | 'outbox_write_failed'
  | 'outbox_read_failed'
  | 'outbox_open_failed'
  | 'outbox_schema_unsupported';

/** @internal Builds the error for an {@link OutboxErrorCode}; retryability follows from the code. */
export function outboxError(code: OutboxErrorCode, message: string, cause?: unknown): LoyaltyLinkError {
  const retryable =
    code === 'outbox_busy' || code === 'outbox_full' || code === 'outbox_write_failed' || code === 'outbox_read_failed';
  return new LoyaltyLinkError(code, message, cause === undefined ? { retryable } : { retryable, cause });
}
