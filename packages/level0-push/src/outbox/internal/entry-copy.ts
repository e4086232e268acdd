import type { AppendOutcome, DeadLetter, NewOutboxEntry, OutboxEntry } from '../outbox-store';
import { utf8Length } from './utf8-length';

/**
 * What a caller appends, copied when `append` is called: a store that writes later (a group commit) stores
 * the entries as they were, even if the caller reuses its array or objects as soon as `append` returns.
 */
export function takeNewEntry(entry: NewOutboxEntry): NewOutboxEntry {
  return {
    key: entry.key,
    kind: entry.kind,
    orderingKeys: [...entry.orderingKeys],
    payload: entry.payload,
    createdAt: entry.createdAt,
  };
}

/** A pending entry built from what the client appended: first attempt due at once. */
export function newEntry(entry: NewOutboxEntry, seq: number): OutboxEntry {
  return {
    seq,
    key: entry.key,
    kind: entry.kind,
    orderingKeys: [...entry.orderingKeys],
    payload: entry.payload,
    createdAt: entry.createdAt,
    bytes: utf8Length(entry.payload),
    attempts: 0,
    nextAttemptAt: entry.createdAt,
    revivals: 0,
  };
}

/** A copy that shares nothing mutable with `entry`, without the dead-letter fields if it had them. */
export function copyEntry(entry: OutboxEntry): OutboxEntry {
  const copy: OutboxEntry = {
    seq: entry.seq,
    key: entry.key,
    kind: entry.kind,
    orderingKeys: [...entry.orderingKeys],
    payload: entry.payload,
    createdAt: entry.createdAt,
    bytes: entry.bytes,
    attempts: entry.attempts,
    nextAttemptAt: entry.nextAttemptAt,
    revivals: entry.revivals ?? 0,
  };
  if (entry.lastError !== undefined) copy.lastError = { ...entry.lastError };
  return copy;
}

/** A copy of a dead letter that shares nothing mutable with it. */
export function copyDeadLetter(letter: DeadLetter): DeadLetter {
  return { ...copyEntry(letter), deadAt: letter.deadAt, reason: { ...letter.reason } };
}

/**
 * The outcome of appending `entry` when `existing` (pending or dead) already has its key: the same payload
 * is a retry of the same transaction, another payload a reused transaction id.
 */
export function existingOutcome(entry: NewOutboxEntry, existing: OutboxEntry): AppendOutcome {
  return existing.payload === entry.payload
    ? { status: 'duplicate', entry: copyEntry(existing) }
    : { status: 'conflict', key: entry.key };
}
