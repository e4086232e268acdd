import { copyDeadLetter, copyEntry, existingOutcome, newEntry } from './internal/entry-copy';
import { decideLease, type LeaseRecord } from './internal/lease';
import { SeqMap } from './internal/seq-map';
import {
  checkDeadLetters,
  checkKeys,
  checkLeaseRequest,
  checkNewEntries,
  checkNow,
  checkPage,
  checkProductChanges,
  checkReschedules,
} from './internal/validate';
import { outboxError } from './outbox-errors';
import type { AppendOutcome, DeadLetter, OutboxEntry, OutboxStore } from './outbox-store';

/**
 * An outbox kept in this process's memory. **NOT DURABLE: every queued sale is lost when the process
 * exits or crashes**, and the lease only excludes drainers in this process.
 *
 * Use it in tests, or on a register whose owner accepts losing the sales queued while the platform was
 * unreachable. Anything that must survive a restart belongs in `sqliteOutbox` (Node, Electron) or
 * `indexedDbOutbox` (browsers). It follows the same contract as those stores otherwise: `seq` is never
 * reused, duplicates and conflicts are detected, and it returns copies, so mutating a result changes nothing.
 *
 * @example
 * ```ts
 * // A test, or a register that accepts the loss.
 * const client = createPushClient({ platform, storeId: 'ams-01', registerId: 'reg-2', outbox: memoryOutbox() });
 * ```
 */
export function memoryOutbox(): OutboxStore {
  const pending = new SeqMap<OutboxEntry>();
  const dead = new SeqMap<DeadLetter>();
  const products = new Map<string, string>();
  let lastSeq = 0;
  let pendingBytes = 0;
  /** Dead letters ever put back into pending (see `OutboxStats.revivals`). */
  let revivals = 0;
  let lease: LeaseRecord | undefined;
  let closed = false;

  // Every method is async so that a closed store, or a bad argument, rejects rather than throws.
  const open = (): void => {
    if (closed) throw outboxError('outbox_closed', 'The memory outbox is closed.');
  };

  return {
    name: 'memory',
    durable: false,

    async append(entries) {
      open();
      checkNewEntries(entries);
      return entries.map((entry): AppendOutcome => {
        const existing = pending.get(entry.key) ?? dead.get(entry.key);
        if (existing !== undefined) return existingOutcome(entry, existing);
        lastSeq++;
        const stored = newEntry(entry, lastSeq);
        pending.add(stored);
        pendingBytes += stored.bytes;
        return { status: 'stored', entry: copyEntry(stored) };
      });
    },

    async scan(options) {
      open();
      checkPage(options);
      return pending.page(options.afterSeq ?? Number.NEGATIVE_INFINITY, options.limit).map(copyEntry);
    },

    async remove(keys) {
      open();
      checkKeys(keys);
      for (const key of keys) {
        const removed = pending.delete(key);
        if (removed !== undefined) pendingBytes -= removed.bytes;
      }
    },

    async reschedule(updates) {
      open();
      checkReschedules(updates);
      for (const update of updates) {
        const entry = pending.get(update.key);
        if (entry === undefined) continue;
        pending.replace({
          ...entry,
          attempts: update.attempts,
          nextAttemptAt: update.nextAttemptAt,
          lastError: { ...update.lastError },
        });
      }
    },

    async deadLetter(items) {
      open();
      checkDeadLetters(items);
      for (const item of items) {
        const entry = pending.delete(item.key);
        if (entry === undefined) continue;
        pendingBytes -= entry.bytes;
        dead.add({ ...entry, deadAt: item.deadAt, reason: { ...item.reason } });
      }
    },

    async listDeadLetters(options) {
      open();
      checkPage(options);
      return dead.page(options.afterSeq ?? Number.NEGATIVE_INFINITY, options.limit).map(copyDeadLetter);
    },

    async reviveDeadLetters(keys, now) {
      open();
      checkKeys(keys);
      checkNow(now);
      let moved = 0;
      for (const key of keys) {
        const letter = dead.delete(key);
        if (letter === undefined) continue;
        const { deadAt: _deadAt, reason: _reason, lastError: _lastError, ...entry } = letter;
        pending.add({ ...entry, attempts: 0, nextAttemptAt: now, revivals: (entry.revivals ?? 0) + 1 });
        pendingBytes += entry.bytes;
        moved++;
        revivals++;
      }
      return moved;
    },

    async discardDeadLetters(keys) {
      open();
      checkKeys(keys);
      let deleted = 0;
      for (const key of keys) if (dead.delete(key) !== undefined) deleted++;
      return deleted;
    },

    async stats() {
      open();
      return {
        pending: pending.size,
        pendingBytes,
        oldestCreatedAt: pending.first()?.createdAt,
        deadLetters: dead.size,
        revivals,
      };
    },

    async acquireLease(request) {
      open();
      checkLeaseRequest(request);
      const next = decideLease(lease, request);
      if (next !== undefined) lease = next;
      return next !== undefined;
    },

    async releaseLease(owner) {
      open();
      if (lease?.owner === owner) lease = undefined;
    },

    async loadProductHashes() {
      open();
      return new Map(products);
    },

    async saveProductHashes(changes) {
      open();
      checkProductChanges(changes);
      for (const change of changes) {
        if (change.hash === null) products.delete(change.sku);
        else products.set(change.sku, change.hash);
      }
    },

    async close() {
      closed = true;
    },
  };
}
