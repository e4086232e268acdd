import type { TransactionKind } from '@loyalty-link/core';
import { outboxError } from '../outbox-errors';
import type { AttemptError, DeadLetter, DeadLetterReason, OutboxEntry } from '../outbox-store';

/**
 * A row of `pending` as better-sqlite3 returns it in raw mode, in the column order of `entryColumns`:
 * seq, key, kind, ordering_keys, payload, bytes, created_at, attempts, next_attempt_at, last_error, revivals. Raw rows
 * are arrays: better-sqlite3 builds them in half the time of objects with named properties, and the
 * delivery loop reads every entry it sends.
 */
export type EntryRow = [
  seq: number,
  key: string,
  kind: string,
  orderingKeys: string,
  payload: string,
  bytes: number,
  createdAt: number,
  attempts: number,
  nextAttemptAt: number,
  lastError: string | null,
  revivals: number,
];

/** A row of `dead_letters` in raw mode: the entry's columns, then dead_at and reason. */
export type DeadLetterRow = [...EntryRow, deadAt: number, reason: string];

/** The columns of an entry, in the order of {@link EntryRow}. */
export const entryColumns =
  'seq, key, kind, ordering_keys, payload, bytes, created_at, attempts, next_attempt_at, last_error, revivals';

const kinds: ReadonlySet<string> = new Set<TransactionKind>(['sale', 'return', 'void']);

function corrupt(seq: number, column: string, cause?: unknown): never {
  throw outboxError('outbox_corrupt', `Outbox row ${seq} has an unreadable ${column}.`, cause);
}

function parseJson(seq: number, column: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return corrupt(seq, column, error);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeProblem(seq: number, column: string, text: string): AttemptError {
  const value = parseJson(seq, column, text);
  if (!isRecord(value) || typeof value.code !== 'string' || typeof value.message !== 'string') {
    return corrupt(seq, column);
  }
  return { code: value.code, message: value.message };
}

function isTransactionKind(kind: string): kind is TransactionKind {
  return kinds.has(kind);
}

/** The entry a row holds; throws `outbox_corrupt` if a column cannot be what this package wrote. */
export function decodeEntry(row: EntryRow | DeadLetterRow): OutboxEntry {
  const [seq, key, kind, orderingKeysText, payload, bytes, createdAt, attempts, nextAttemptAt, lastError, revivals] =
    row;
  if (!isTransactionKind(kind)) return corrupt(seq, 'kind');
  const orderingKeys = parseJson(seq, 'ordering_keys', orderingKeysText);
  if (!Array.isArray(orderingKeys) || !orderingKeys.every((item) => typeof item === 'string')) {
    return corrupt(seq, 'ordering_keys');
  }
  const entry: OutboxEntry = {
    seq,
    key,
    kind,
    orderingKeys,
    payload,
    bytes,
    createdAt,
    attempts,
    nextAttemptAt,
    revivals,
  };
  if (lastError !== null) entry.lastError = decodeProblem(seq, 'last_error', lastError);
  return entry;
}

/** The dead letter a row holds; throws `outbox_corrupt` like {@link decodeEntry}. */
export function decodeDeadLetter(row: DeadLetterRow): DeadLetter {
  const seq = row[0];
  const value = parseJson(seq, 'reason', row[12]);
  if (!isRecord(value) || typeof value.code !== 'string' || typeof value.message !== 'string') {
    return corrupt(seq, 'reason');
  }
  const reason: DeadLetterReason = { code: value.code, message: value.message };
  if (typeof value.status === 'number') reason.status = value.status;
  return { ...decodeEntry(row), deadAt: row[11], reason };
}

/** The JSON kept in `last_error`, with only the fields the contract names (nothing personal tags along). */
export function encodeAttemptError(error: AttemptError): string {
  return JSON.stringify({ code: error.code, message: error.message });
}

/** The JSON kept in `reason`. */
export function encodeDeadLetterReason(reason: DeadLetterReason): string {
  return JSON.stringify(
    reason.status === undefined
      ? { code: reason.code, message: reason.message }
      : { code: reason.code, message: reason.message, status: reason.status },
  );
}
