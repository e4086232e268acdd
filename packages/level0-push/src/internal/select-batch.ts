import type { OutboxEntry } from '../outbox/outbox-store';

/** Limits of one batch. */
export interface BatchLimits {
  /** The most entries in a batch. */
  maxItems: number;
  /** The most payload bytes in a batch (one oversized entry still goes alone). */
  maxBytes: number;
}

/** What to send now, and when to look again. */
export interface BatchSelection {
  /** Entries to send, in outbox order. */
  batch: OutboxEntry[];
  /** The earliest `nextAttemptAt` of an entry that was not due yet (undefined when none is waiting). */
  nextDueAt: number | undefined;
}

/**
 * Picks the next batch from pending entries (in outbox order). An entry is sent only when it is due and no
 * earlier pending entry that is *not* in this batch shares one of its ordering keys. So a customer's return
 * never overtakes a sale that is waiting for a retry, while unrelated customers flow on. Entries sharing a
 * key may travel in the same batch: the platform applies a batch in order.
 */
export function selectBatch(entries: readonly OutboxEntry[], now: number, limits: BatchLimits): BatchSelection {
  const batch: OutboxEntry[] = [];
  const blocked = new Set<string>();
  let bytes = 0;
  let nextDueAt: number | undefined;

  for (const entry of entries) {
    if (batch.length >= limits.maxItems) break;
    const isBlocked = entry.orderingKeys.some((key) => blocked.has(key));
    const isDue = entry.nextAttemptAt <= now;
    if (!isDue && !isBlocked)
      nextDueAt = nextDueAt === undefined ? entry.nextAttemptAt : Math.min(nextDueAt, entry.nextAttemptAt);
    if (isBlocked || !isDue) {
      for (const key of entry.orderingKeys) blocked.add(key);
      continue;
    }
    if (batch.length > 0 && bytes + entry.bytes > limits.maxBytes) break;
    batch.push(entry);
    bytes += entry.bytes;
  }
  return { batch, nextDueAt };
}
