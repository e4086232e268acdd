import type { OutboxEntry } from '../outbox/outbox-store';

/** Limits of one batch. */
export interface BatchLimits {
  /** The most entries in a batch. */
  maxItems: number;
  /** The most payload bytes in a batch (one oversized entry still goes alone). */
  maxBytes: number;
}

/** Entries being sent right now by another request of the same client. */
export interface InFlightEntries {
  /** Their outbox keys: they are not selected again. */
  readonly keys: ReadonlySet<string>;
  /** Their ordering keys: entries sharing one wait until the request in flight is settled. */
  readonly orderingKeys: { has(key: string): boolean };
}

/** What to send now, and when to look again. */
export interface BatchSelection {
  /** Entries to send, in outbox order. */
  batch: OutboxEntry[];
  /** The earliest `nextAttemptAt` of an entry that was not due yet (undefined when none is waiting). */
  nextDueAt: number | undefined;
  /** Whether entries were passed over because they, or an entry they must follow, are in flight. */
  heldByInFlight: boolean;
}

const nothingInFlight: InFlightEntries = { keys: new Set(), orderingKeys: new Set() };

/**
 * Picks the next batch from pending entries, fed page by page in outbox order, so a long queue is read
 * only as far as it takes to fill a batch. An entry is sent only when it is due and no earlier pending
 * entry that is *not* in this batch shares one of its ordering keys. So a customer's return never
 * overtakes a sale that is waiting for a retry, while unrelated customers flow on. Entries sharing a key
 * may travel in the same batch: the platform applies a batch in order. Entries in flight in another request
 * count like earlier entries that are not in this batch: they are skipped, and they hold back every entry
 * that shares an ordering key with them, since that request may yet fail and be retried.
 */
export class BatchSelector {
  readonly #now: number;
  readonly #limits: BatchLimits;
  readonly #batch: OutboxEntry[] = [];
  readonly #blocked = new Set<string>();
  readonly #inFlight: InFlightEntries;
  #bytes = 0;
  #nextDueAt: number | undefined;
  #closed = false;
  #heldByInFlight = false;

  readonly #longestWaitMs: number;

  /**
   * @param longestWaitMs The longest wait for a retry that is ever set: an entry due later than that from
   * `now` was rescheduled before the wall clock was set back, and is due now.
   */
  constructor(
    now: number,
    limits: BatchLimits,
    inFlight: InFlightEntries = nothingInFlight,
    longestWaitMs = Number.POSITIVE_INFINITY,
  ) {
    this.#now = now;
    this.#limits = limits;
    this.#inFlight = inFlight;
    this.#longestWaitMs = longestWaitMs;
  }

  /** Whether the batch is complete: full, or the byte limit reached. */
  get full(): boolean {
    return this.#closed || this.#batch.length >= this.#limits.maxItems;
  }

  /** Considers the next page of entries (in outbox order). */
  add(entries: readonly OutboxEntry[]): void {
    for (const entry of entries) {
      if (this.full) return;
      if (this.#inFlight.keys.has(entry.key)) {
        this.#heldByInFlight = true;
        continue;
      }
      const heldByInFlight = entry.orderingKeys.some((key) => this.#inFlight.orderingKeys.has(key));
      if (heldByInFlight) this.#heldByInFlight = true;
      const isBlocked = heldByInFlight || entry.orderingKeys.some((key) => this.#blocked.has(key));
      const isDue = entry.nextAttemptAt <= this.#now || entry.nextAttemptAt - this.#now > this.#longestWaitMs;
      if (!isDue && !isBlocked) {
        this.#nextDueAt =
          this.#nextDueAt === undefined ? entry.nextAttemptAt : Math.min(this.#nextDueAt, entry.nextAttemptAt);
      }
      if (isBlocked || !isDue) {
        for (const key of entry.orderingKeys) this.#blocked.add(key);
        continue;
      }
      if (this.#batch.length > 0 && this.#bytes + entry.bytes > this.#limits.maxBytes) {
        this.#closed = true;
        return;
      }
      this.#batch.push(entry);
      this.#bytes += entry.bytes;
    }
  }

  /** The batch and the earliest time a waiting entry becomes due. */
  result(): BatchSelection {
    return { batch: this.#batch, nextDueAt: this.#nextDueAt, heldByInFlight: this.#heldByInFlight };
  }
}

/** Picks a batch from one list of entries (see {@link BatchSelector}). */
export function selectBatch(
  entries: readonly OutboxEntry[],
  now: number,
  limits: BatchLimits,
  inFlight?: InFlightEntries,
): BatchSelection {
  const selector = new BatchSelector(now, limits, inFlight);
  selector.add(entries);
  return selector.result();
}
