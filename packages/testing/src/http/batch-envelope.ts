import { IdempotencyKeySchema, limits, type ValidationIssue } from '@loyalty-link/core';
import type { RawBatchItem } from '../engine/record-transaction';
import { type Validated, validateWith } from './validate';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates the envelope of `POST /v1/transactions:batch`: 1–500 items, each with a valid `idempotencyKey`.
 * The transactions themselves are validated one by one by the engine, so one bad transaction is rejected
 * on its own (with its paths) instead of failing the whole batch; an envelope problem fails the request.
 */
export function validateBatchEnvelope(body: unknown): Validated<RawBatchItem[]> {
  const issue = (path: (string | number)[], code: string, message: string): Validated<RawBatchItem[]> => ({
    ok: false,
    issues: [{ path, code, message }],
  });
  if (!isObject(body)) return issue([], 'invalid_type', 'must be an object');
  const { items } = body;
  if (!Array.isArray(items)) return issue(['items'], 'invalid_type', 'must be an array');
  if (items.length < 1) return issue(['items'], 'too_small', 'must have at least 1 items');
  if (items.length > limits.maxBatchItems) {
    return issue(['items'], 'too_big', `must have at most ${limits.maxBatchItems} items`);
  }
  const issues: ValidationIssue[] = [];
  const valid: RawBatchItem[] = [];
  items.forEach((item: unknown, index) => {
    if (!isObject(item)) {
      issues.push({ path: ['items', index], code: 'invalid_type', message: 'must be an object' });
      return;
    }
    const key = validateWith(IdempotencyKeySchema, item.idempotencyKey);
    if (!key.ok) {
      for (const found of key.issues)
        issues.push({ ...found, path: ['items', index, 'idempotencyKey', ...found.path] });
      return;
    }
    if (!('transaction' in item) || item.transaction === undefined) {
      issues.push({ path: ['items', index, 'transaction'], code: 'invalid_type', message: 'is required' });
      return;
    }
    valid.push({ idempotencyKey: key.value, transaction: item.transaction });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: valid };
}
