import type { LedgerEntry, LedgerPage } from '@loyalty-link/core';
import { type EngineResult, fail, ok } from './engine-result';

/** The default and largest page sizes of `GET /v1/customers/{id}/ledger` (protocol §6). */
export const ledgerPageLimits = { defaultLimit: 50, maxLimit: 200 } as const;

// A cursor names the position to continue before, bound to its customer so it cannot be replayed on another.
function encodeCursor(customerId: string, before: number): string {
  return btoa(encodeURIComponent(JSON.stringify([customerId, before])))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function decodeCursor(customerId: string, cursor: string): number | undefined {
  try {
    const base64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    const decoded: unknown = JSON.parse(decodeURIComponent(atob(base64)));
    if (!Array.isArray(decoded) || decoded[0] !== customerId) return undefined;
    const before = decoded[1];
    return typeof before === 'number' && Number.isInteger(before) && before >= 0 ? before : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A page of a customer's ledger, newest first. Entries are only ever appended, so a cursor (the position
 * to continue before) stays valid while new entries arrive: the next page never repeats or skips one.
 */
export function ledgerPage(
  customerId: string,
  entries: readonly LedgerEntry[],
  limit: number,
  cursor: string | undefined,
): EngineResult<LedgerPage> {
  let before = entries.length;
  if (cursor !== undefined) {
    const decoded = decodeCursor(customerId, cursor);
    if (decoded === undefined || decoded > entries.length) {
      return fail(422, 'validation_failed', 'The cursor is not valid for this ledger.', [
        { path: ['cursor'], code: 'invalid_cursor', message: 'must be a nextCursor this ledger returned' },
      ]);
    }
    before = decoded;
  }
  const from = Math.max(0, before - limit);
  const items = entries.slice(from, before).reverse();
  return ok(
    from > 0
      ? { items: structuredClone(items), nextCursor: encodeCursor(customerId, from) }
      : { items: structuredClone(items) },
  );
}
