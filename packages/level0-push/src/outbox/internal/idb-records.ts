import type { TransactionKind } from '@loyalty-link/core';
import { outboxError } from '../outbox-errors';
import type { AttemptError, DeadLetter, OutboxEntry, OutboxStats } from '../outbox-store';
import type { LeaseRecord } from './lease';

// IndexedDB hands back whatever was stored under the name, possibly by another version of this package or
// another script on the same origin: every record is checked before it is trusted.

const kinds: ReadonlySet<string> = new Set<TransactionKind>(['sale', 'return', 'void']);

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function corrupt(what: string): never {
  throw outboxError('outbox_corrupt', `The outbox database holds an unreadable ${what}.`);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isKind(value: unknown): value is TransactionKind {
  return typeof value === 'string' && kinds.has(value);
}

function isProblem(value: unknown): value is AttemptError {
  return isFields(value) && typeof value.code === 'string' && typeof value.message === 'string';
}

/** The pending entry a record holds (without dead-letter fields); throws `outbox_corrupt` otherwise. */
export function decodeEntryRecord(value: unknown): OutboxEntry {
  if (
    !isFields(value) ||
    !isNumber(value.seq) ||
    typeof value.key !== 'string' ||
    !isKind(value.kind) ||
    !Array.isArray(value.orderingKeys) ||
    !value.orderingKeys.every((key) => typeof key === 'string') ||
    typeof value.payload !== 'string' ||
    !isNumber(value.bytes) ||
    !isNumber(value.createdAt) ||
    !isNumber(value.attempts) ||
    !isNumber(value.nextAttemptAt) ||
    (value.lastError !== undefined && !isProblem(value.lastError)) ||
    (value.revivals !== undefined && !isNumber(value.revivals))
  ) {
    return corrupt('entry');
  }
  const entry: OutboxEntry = {
    seq: value.seq,
    key: value.key,
    kind: value.kind,
    orderingKeys: [...value.orderingKeys],
    payload: value.payload,
    bytes: value.bytes,
    createdAt: value.createdAt,
    attempts: value.attempts,
    nextAttemptAt: value.nextAttemptAt,
    // Absent in entries written before revivals were counted.
    revivals: isNumber(value.revivals) ? value.revivals : 0,
  };
  if (isProblem(value.lastError)) entry.lastError = { code: value.lastError.code, message: value.lastError.message };
  return entry;
}

/** The dead letter a record holds; throws `outbox_corrupt` otherwise. */
export function decodeDeadLetterRecord(value: unknown): DeadLetter {
  const entry = decodeEntryRecord(value);
  const raw: unknown = isFields(value) ? value.reason : undefined;
  if (!isFields(value) || !isNumber(value.deadAt) || !isFields(raw) || !isProblem(raw)) return corrupt('dead letter');
  const reason: DeadLetter['reason'] = { code: raw.code, message: raw.message };
  if (isNumber(raw.status)) reason.status = raw.status;
  return { ...entry, deadAt: value.deadAt, reason };
}

/** The counters `stats()` reads, as kept in the `meta` store. */
export type Counters = Omit<OutboxStats, 'oldestCreatedAt' | 'revivals'> & { revivals: number };

/** The counters record; a database that has none yet counts nothing. */
export function decodeCounters(value: unknown): Counters {
  if (value === undefined) return { pending: 0, pendingBytes: 0, deadLetters: 0, revivals: 0 };
  if (
    !isFields(value) ||
    !isNumber(value.pending) ||
    !isNumber(value.pendingBytes) ||
    !isNumber(value.deadLetters) ||
    (value.revivals !== undefined && !isNumber(value.revivals))
  ) {
    return corrupt('counters record');
  }
  return {
    pending: value.pending,
    pendingBytes: value.pendingBytes,
    deadLetters: value.deadLetters,
    // Absent in counters written before revivals were counted.
    revivals: isNumber(value.revivals) ? value.revivals : 0,
  };
}

/** The last seq handed out; 0 for a new database. */
export function decodeSeq(value: unknown): number {
  if (value === undefined) return 0;
  return Number.isSafeInteger(value) ? (value as number) : corrupt('seq counter');
}

/** The lease record, if any. */
export function decodeLease(value: unknown): LeaseRecord | undefined {
  if (value === undefined) return undefined;
  if (
    !isFields(value) ||
    typeof value.owner !== 'string' ||
    !isNumber(value.expiresAt) ||
    (value.ttlMs !== undefined && !isNumber(value.ttlMs))
  ) {
    return corrupt('lease record');
  }
  const lease: LeaseRecord = { owner: value.owner, expiresAt: value.expiresAt };
  if (isNumber(value.ttlMs)) lease.ttlMs = value.ttlMs;
  return lease;
}

/** A product hash record. */
export function decodeProduct(value: unknown): { sku: string; hash: string } {
  if (!isFields(value) || typeof value.sku !== 'string' || typeof value.hash !== 'string') {
    return corrupt('product hash');
  }
  return { sku: value.sku, hash: value.hash };
}
