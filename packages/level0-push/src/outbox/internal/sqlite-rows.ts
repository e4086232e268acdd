import type { TransactionKind } from '@loyalty-link/core';
import { outboxError } from '../outbox-errors';
import type { AttemptError, DeadLetter, DeadLetterReason, OutboxEntry } from '../outbox-store';

/** A row of `pending` as better-sqlite3 returns it. */
export interface EntryRow {
  seq: number;
  key: string;
  kind: string;
  ordering_keys: string;
  payload: string;
  bytes: number;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

/** A row of `dead_letters`. */
export interface DeadLetterRow extends EntryRow {
  dead_at: number;
  reason: string;
}

const kinds: ReadonlySet<string> = new Set<TransactionKind>(['sale', 'return', 'void']);

function corrupt(row: { seq: number }, column: string, cause?: unknown): never {
  throw outboxError('outbox_corrupt', `Outbox row ${row.seq} has an unreadable ${column}.`, cause);
}

function parseJson(row: { seq: number }, column: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return corrupt(row, column, error);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeProblem(row: { seq: number }, column: string, text: string): AttemptError {
  const value = parseJson(row, column, text);
  if (!isRecord(value) || typeof value.code !== 'string' || typeof value.message !== 'string') {
    return corrupt(row, column);
  }
  return { code: value.code, message: value.message };
}

function isTransactionKind(kind: string): kind is TransactionKind {
  return kinds.has(kind);
}

/** The entry a row holds; throws `outbox_corrupt` if a column cannot be what this package wrote. */
export function decodeEntry(row: EntryRow): OutboxEntry {
  if (!isTransactionKind(row.kind)) return corrupt(row, 'kind');
  const orderingKeys = parseJson(row, 'ordering_keys', row.ordering_keys);
  if (!Array.isArray(orderingKeys) || !orderingKeys.every((key) => typeof key === 'string')) {
    return corrupt(row, 'ordering_keys');
  }
  const entry: OutboxEntry = {
    seq: row.seq,
    key: row.key,
    kind: row.kind,
    orderingKeys,
    payload: row.payload,
    bytes: row.bytes,
    createdAt: row.created_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
  };
  if (row.last_error !== null) entry.lastError = decodeProblem(row, 'last_error', row.last_error);
  return entry;
}

/** The dead letter a row holds; throws `outbox_corrupt` like {@link decodeEntry}. */
export function decodeDeadLetter(row: DeadLetterRow): DeadLetter {
  const value = parseJson(row, 'reason', row.reason);
  if (!isRecord(value) || typeof value.code !== 'string' || typeof value.message !== 'string') {
    return corrupt(row, 'reason');
  }
  const reason: DeadLetterReason = { code: value.code, message: value.message };
  if (typeof value.status === 'number') reason.status = value.status;
  return { ...decodeEntry(row), deadAt: row.dead_at, reason };
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
