import { ValidationError, type ValidationIssue } from '@loyalty-link/core';
import type { AttemptError, DeadLetterReason, LeaseRequest, NewOutboxEntry } from '../outbox-store';

const kinds: ReadonlySet<string> = new Set(['sale', 'return', 'void']);

// The stores are reached through the client, which validates transactions; these checks guard the bytes
// that become durable (a NaN time or a missing key would otherwise be stored, or fail a whole group commit
// deep in the database with an unhelpful message).

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function fail(subject: string, issues: ValidationIssue[]): void {
  if (issues.length > 0) throw new ValidationError(subject, issues);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Throws unless `value` is an object (a request of fields). */
function requireObject(subject: string, value: unknown): void {
  if (!isObject(value)) fail(subject, [{ path: [], code: 'invalid_type', message: 'Expected an object.' }]);
}

/**
 * Throws unless `value` is an array; returns the positions of its items that are not objects as issues, for
 * the caller to report with the fields of the others.
 */
function requireListOfObjects(subject: string, value: unknown): ValidationIssue[] {
  if (!Array.isArray(value)) fail(subject, [{ path: [], code: 'invalid_type', message: 'Expected an array.' }]);
  const issues: ValidationIssue[] = [];
  (value as unknown[]).forEach((item, index) => {
    if (!isObject(item)) issues.push({ path: [index], code: 'invalid_type', message: 'Expected an object.' });
  });
  return issues;
}

/** Throws a `ValidationError` listing every malformed field of `entries`. */
export function checkNewEntries(entries: readonly NewOutboxEntry[]): void {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(entries)) {
    fail('Outbox entries', [{ path: [], code: 'invalid_type', message: 'Expected an array of entries.' }]);
    return;
  }
  entries.forEach((entry: Partial<NewOutboxEntry> | null | undefined, index) => {
    if (typeof entry !== 'object' || entry === null) {
      issues.push({ path: [index], code: 'invalid_type', message: 'Expected an entry object.' });
      return;
    }
    if (!isNonEmptyString(entry.key)) {
      issues.push({ path: [index, 'key'], code: 'invalid_type', message: 'Expected a non-empty string.' });
    }
    if (typeof entry.kind !== 'string' || !kinds.has(entry.kind)) {
      issues.push({ path: [index, 'kind'], code: 'invalid_enum_value', message: 'Expected sale, return or void.' });
    }
    if (!Array.isArray(entry.orderingKeys) || !entry.orderingKeys.every((key) => typeof key === 'string')) {
      issues.push({ path: [index, 'orderingKeys'], code: 'invalid_type', message: 'Expected an array of strings.' });
    }
    if (typeof entry.payload !== 'string') {
      issues.push({ path: [index, 'payload'], code: 'invalid_type', message: 'Expected a JSON string.' });
    }
    if (!isFiniteNumber(entry.createdAt)) {
      issues.push({ path: [index, 'createdAt'], code: 'invalid_type', message: 'Expected a finite number.' });
    }
  });
  fail('Outbox entries', issues);
}

/** Throws unless `options` is a page request SQLite and IndexedDB can honour without reading everything. */
export function checkPage(options: { afterSeq?: number | undefined; limit: number }): void {
  requireObject('Outbox page request', options);
  const issues: ValidationIssue[] = [];
  // SQLite reads `LIMIT -1` as "no limit" and IndexedDB reads a count of 0 the same way: a bad limit would
  // load the whole outbox into memory.
  if (!Number.isInteger(options.limit) || options.limit < 0) {
    issues.push({ path: ['limit'], code: 'invalid_type', message: 'Expected an integer of at least 0.' });
  }
  if (options.afterSeq !== undefined && !isFiniteNumber(options.afterSeq)) {
    issues.push({ path: ['afterSeq'], code: 'invalid_type', message: 'Expected a finite number.' });
  }
  fail('Outbox page request', issues);
}

/** Throws unless every key is a string. */
export function checkKeys(keys: readonly string[]): void {
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) {
    fail('Outbox keys', [{ path: [], code: 'invalid_type', message: 'Expected an array of strings.' }]);
  }
}

function checkProblem(issues: ValidationIssue[], path: (string | number)[], value: AttemptError | DeadLetterReason) {
  if (typeof value !== 'object' || value === null || typeof value.code !== 'string') {
    issues.push({ path, code: 'invalid_type', message: 'Expected an object with a string code and message.' });
  } else if (typeof value.message !== 'string') {
    issues.push({ path: [...path, 'message'], code: 'invalid_type', message: 'Expected a string.' });
  }
}

/** Throws unless every update of `reschedule` is well formed. */
export function checkReschedules(
  updates: readonly { key: string; attempts: number; nextAttemptAt: number; lastError: AttemptError }[],
): void {
  const issues = requireListOfObjects('Outbox reschedule', updates);
  updates.forEach((update, index) => {
    if (!isObject(update)) return;
    if (typeof update.key !== 'string') {
      issues.push({ path: [index, 'key'], code: 'invalid_type', message: 'Expected a string.' });
    }
    if (!Number.isInteger(update.attempts) || update.attempts < 0) {
      issues.push({ path: [index, 'attempts'], code: 'invalid_type', message: 'Expected an integer of at least 0.' });
    }
    if (!isFiniteNumber(update.nextAttemptAt)) {
      issues.push({ path: [index, 'nextAttemptAt'], code: 'invalid_type', message: 'Expected a finite number.' });
    }
    checkProblem(issues, [index, 'lastError'], update.lastError);
  });
  fail('Outbox reschedule', issues);
}

/** Throws unless every item of `deadLetter` is well formed. */
export function checkDeadLetters(items: readonly { key: string; deadAt: number; reason: DeadLetterReason }[]): void {
  const issues = requireListOfObjects('Outbox dead letters', items);
  items.forEach((item, index) => {
    if (!isObject(item)) return;
    if (typeof item.key !== 'string') {
      issues.push({ path: [index, 'key'], code: 'invalid_type', message: 'Expected a string.' });
    }
    if (!isFiniteNumber(item.deadAt)) {
      issues.push({ path: [index, 'deadAt'], code: 'invalid_type', message: 'Expected a finite number.' });
    }
    checkProblem(issues, [index, 'reason'], item.reason);
  });
  fail('Outbox dead letters', issues);
}

/** Throws unless `now` is a finite number. */
export function checkNow(now: number): void {
  if (!isFiniteNumber(now)) {
    fail('Outbox revive', [{ path: ['now'], code: 'invalid_type', message: 'Expected a finite number.' }]);
  }
}

/** Throws unless the lease request names an owner and a positive time to live. */
export function checkLeaseRequest(request: LeaseRequest): void {
  requireObject('Outbox lease request', request);
  const issues: ValidationIssue[] = [];
  if (!isNonEmptyString(request.owner)) {
    issues.push({ path: ['owner'], code: 'invalid_type', message: 'Expected a non-empty string.' });
  }
  if (!isFiniteNumber(request.ttlMs) || request.ttlMs <= 0) {
    issues.push({ path: ['ttlMs'], code: 'too_small', message: 'Expected a positive number of milliseconds.' });
  }
  if (!isFiniteNumber(request.now)) {
    issues.push({ path: ['now'], code: 'invalid_type', message: 'Expected a finite number.' });
  }
  fail('Outbox lease request', issues);
}

/** Throws unless every change names a SKU and a hash string or null. */
export function checkProductChanges(changes: readonly { sku: string; hash: string | null }[]): void {
  const issues = requireListOfObjects('Product hashes', changes);
  changes.forEach((change, index) => {
    if (!isObject(change)) return;
    if (!isNonEmptyString(change.sku)) {
      issues.push({ path: [index, 'sku'], code: 'invalid_type', message: 'Expected a non-empty string.' });
    }
    if (change.hash !== null && typeof change.hash !== 'string') {
      issues.push({ path: [index, 'hash'], code: 'invalid_type', message: 'Expected a string or null.' });
    }
  });
  fail('Product hashes', issues);
}
