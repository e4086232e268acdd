import { isLoyaltyLinkError } from '@loyalty-link/core';
import type { LeaseLocks } from '../src/outbox/indexeddb-outbox-options';
import type { NewOutboxEntry } from '../src/outbox/outbox-store';

/** The time every fixture starts at: 2026-01-01T00:00:00Z. */
export const t0 = Date.UTC(2026, 0, 1);

/** An entry as the client would append it, about a sale by customer `c-1` unless told otherwise. */
export function saleEntry(key: string, overrides: Partial<NewOutboxEntry> = {}): NewOutboxEntry {
  return {
    key,
    kind: 'sale',
    orderingKeys: ['customer:c-1', `transaction:${key}`],
    payload: JSON.stringify({ transactionId: key, total: { amount: '12.50', currency: 'EUR' } }),
    createdAt: t0,
    ...overrides,
  };
}

/**
 * A Web Locks stand-in shared by the stores that play different tabs: one holder per name, `ifAvailable`
 * requests get `null` while it is held, and the lock is let go a moment after the callback's promise
 * settles, when `request()`'s own promise resolves (as Chromium does).
 */
export function fakeLocks(): LeaseLocks & { held(name: string): boolean } {
  const held = new Set<string>();
  return {
    held: (name) => held.has(name),
    async request(name, _options, callback) {
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name, mode: 'exclusive' });
      } finally {
        // As in Chromium: the browser process frees the lock a moment after the callback's promise settles,
        // and the promise of `request()` resolves only then.
        await new Promise((resolve) => setTimeout(resolve, 2));
        held.delete(name);
      }
    },
  };
}

/** The stable `code` a promise rejects with, or undefined if it resolves. */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return isLoyaltyLinkError(error) ? error.code : `not a LoyaltyLinkError: ${String(error)}`;
  }
  return undefined;
}
