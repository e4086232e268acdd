import {
  type Clock,
  type EventFrame,
  type LiveEvent,
  type Random,
  type StreamPosition,
  systemRandom,
} from '@loyalty-link/core';
import type { EventAudience, EventFilter, EventLog, EventRead, LoggedEvent } from './event-log-types';

/** Options of {@link createEventLog}. */
export interface EventLogOptions {
  /** The platform's clock: stamps entries and decides what fell out of the time window. */
  clock: Clock;
  /** Draws epochs when none is given and on {@link EventLog.reset} (default `Math.random`). */
  random?: Random;
  /** The first epoch (default: drawn from `random` as `ep_…`). */
  epoch?: string;
  /** An event is kept at least this long, in ms (default 24 h). */
  retentionMs?: number;
  /** The last this many events are kept whatever their age (default 10,000). */
  retentionCount?: number;
}

/**
 * Defaults of {@link EventLogOptions}: the protocol's retention window, "at least 24 hours or the last
 * 10,000 events, whichever is more".
 */
export const eventLogDefaults = {
  retentionMs: 24 * 60 * 60 * 1000,
  retentionCount: 10_000,
  random: systemRandom,
} as const satisfies Omit<EventLogOptions, 'clock' | 'epoch'>;

const EPOCH_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijkmnopqrstuvwxyz';

function drawEpoch(random: Random): string {
  let id = 'ep_';
  for (let i = 0; i < 12; i++) id += EPOCH_ALPHABET[Math.floor(random() * EPOCH_ALPHABET.length)] ?? '0';
  return id;
}

/**
 * Whether an entry is meant for a register. A `cashier.message` is addressed by place only (its register,
 * its store, or every store), as protocol section 9 says, even when it is about a customer: a register is
 * told about the customer at its till whether it subscribed or not. Every other event needs the register
 * to be subscribed to its customer, and honours a store or register restriction when the audience has one.
 */
function audienceMatches(entry: LoggedEvent, filter: EventFilter): boolean {
  const { audience } = entry;
  if (audience.storeId !== undefined && audience.storeId !== filter.storeId) return false;
  // A register id is only unique within its store, so a register restriction without a store is read as
  // "that register id in every store", the same reading as the event's own `storeId`/`registerId` fields.
  if (audience.registerId !== undefined && audience.registerId !== filter.registerId) return false;
  if (entry.frame.event.type === 'cashier.message') return true;
  return audience.customerId === undefined || filter.customerIds.has(audience.customerId);
}

/**
 * Creates the platform's in-memory {@link EventLog}.
 *
 * Positions are `(epoch, seq)`: `seq` starts at 1 and increases by exactly one per append; {@link
 * EventLog.reset} starts a new epoch at seq 0. Entries are dropped only when they are both older than
 * `retentionMs` and outside the last `retentionCount`, so memory is bounded by the retention window (trimmed
 * on every append and read).
 *
 * `readAfter(after, filter, limit)` answers, for a position `after`:
 * - `undefined`: no events, the head;
 * - another epoch: `resync: 'epoch_changed'`;
 * - the same epoch but beyond the head (a position from the future): `resync: 'epoch_changed'` too. The
 *   client's state cannot come from this log, which was evidently restored without a new epoch; continuing
 *   from its position would make it drop the next events as duplicates, so it must resynchronise;
 * - the same epoch, but some event after it is no longer retained: `resync: 'position_expired'`;
 * - otherwise the retained events after it that `filter` lets through, in order, at most `limit` (`seq` equal
 *   to the head gives none). When `limit` cuts the answer short, the reader continues from the last event
 *   returned, not from `head`.
 */
export function createEventLog(options: EventLogOptions): EventLog {
  const config = { ...eventLogDefaults, ...options };
  const { clock, random } = config;
  let epoch = config.epoch ?? drawEpoch(random);
  // Retained entries, contiguous in seq: `buffer[start + i]` has seq `firstSeq() + i`. Dropped entries are
  // skipped by moving `start`, and the buffer is compacted once they make up half of it, so trimming stays
  // amortised O(1) per append even when every append pushes an old event out.
  let buffer: LoggedEvent[] = [];
  let start = 0;
  let lastSeq = 0;
  const listeners = new Set<(entry: LoggedEvent) => void>();

  const size = (): number => buffer.length - start;
  const firstSeq = (): number => lastSeq - size() + 1;

  const trim = (): void => {
    const oldestKeptAt = clock.now() - config.retentionMs;
    const end = buffer.length - config.retentionCount;
    // Entries are in append order, so ages decrease along the buffer: stop at the first one still in time.
    while (start < end) {
      const entry = buffer[start];
      if (entry === undefined || entry.appendedAt >= oldestKeptAt) break;
      start++;
    }
    if (start > 0 && start * 2 >= buffer.length) {
      buffer = buffer.slice(start);
      start = 0;
    }
  };

  const head = (): StreamPosition => ({ epoch, seq: lastSeq });

  const log: EventLog = {
    get epoch() {
      return epoch;
    },
    head,
    append(event: LiveEvent, audience: EventAudience): EventFrame {
      lastSeq += 1;
      const frame: EventFrame = { type: 'event', epoch, seq: lastSeq, event };
      const entry: LoggedEvent = { frame, audience: { ...audience }, appendedAt: clock.now() };
      buffer.push(entry);
      trim();
      // A snapshot, so a listener that unsubscribes (or subscribes another) while notified changes nothing now.
      for (const listener of [...listeners]) listener(entry);
      return frame;
    },
    readAfter(after: StreamPosition | undefined, filter: EventFilter, limit: number): EventRead {
      trim();
      const now = head();
      if (after === undefined) return { events: [], head: now };
      if (after.epoch !== epoch || after.seq > lastSeq) return { events: [], head: now, resync: 'epoch_changed' };
      if (after.seq + 1 < firstSeq()) return { events: [], head: now, resync: 'position_expired' };
      const events: EventFrame[] = [];
      for (let i = start + after.seq + 1 - firstSeq(); i < buffer.length && events.length < limit; i++) {
        const entry = buffer[i];
        if (entry !== undefined && audienceMatches(entry, filter)) events.push(entry.frame);
      }
      return { events, head: now };
    },
    matches: audienceMatches,
    subscribe(listener: (entry: LoggedEvent) => void): () => void {
      // Wrapped, so the same function subscribed twice gets two independent subscriptions.
      const subscription = (entry: LoggedEvent): void => listener(entry);
      listeners.add(subscription);
      return () => {
        listeners.delete(subscription);
      };
    },
    entries(): readonly LoggedEvent[] {
      trim();
      return buffer.slice(start);
    },
    reset(): void {
      let next = drawEpoch(random);
      // A reset must be visible as a new epoch, even with a random that repeats itself.
      for (let attempt = 0; next === epoch; attempt++) next = `${drawEpoch(random)}${attempt}`;
      epoch = next;
      buffer = [];
      start = 0;
      lastSeq = 0;
    },
  };
  return log;
}
