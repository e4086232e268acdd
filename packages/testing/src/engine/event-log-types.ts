import type { EventFrame, LiveEvent, StreamPosition } from '@loyalty-link/core';

/** Who may receive an event: registers subscribed to the customer, or the addressed store / register. */
export interface EventAudience {
  /** Registers subscribed to this customer receive it. */
  customerId?: string | undefined;
  /** Only registers of this store (for cashier messages); absent = every store. */
  storeId?: string | undefined;
  /** Only this register (for cashier messages); absent = every register of the store. */
  registerId?: string | undefined;
}

/** What a register is entitled to: its identity and the customers it subscribed to. */
export interface EventFilter {
  storeId: string;
  registerId: string;
  customerIds: ReadonlySet<string>;
}

/** The answer to a read after a position. */
export interface EventRead {
  /** The events after the position that the filter lets through, in order. */
  events: EventFrame[];
  /** The log's head at the time of the read. */
  head: StreamPosition;
  /** Set when the position could not be resumed; the reader must refetch snapshots and continue from `head`. */
  resync?: 'position_expired' | 'epoch_changed' | undefined;
}

/** One entry of the log, with its audience (the frame is what goes on the wire). */
export interface LoggedEvent {
  frame: EventFrame;
  audience: EventAudience;
  /** When it was appended (platform clock, ms). */
  appendedAt: number;
}

/**
 * The platform's event log: every change a register may care about, at a position `(epoch, seq)`, kept
 * for a retention window, readable after a position, and observable live.
 */
export interface EventLog {
  /** The current epoch. */
  readonly epoch: string;
  /** The position of the last event (seq 0 when empty). */
  head(): StreamPosition;
  /** Appends an event; `seq` increases by exactly one. Notifies live subscribers synchronously. */
  append(event: LiveEvent, audience: EventAudience): EventFrame;
  /**
   * Events after `after` that `filter` lets through, at most `limit`. With no `after`, no events and the
   * head. A position older than retention or from another epoch gives `resync`.
   */
  readAfter(after: StreamPosition | undefined, filter: EventFilter, limit: number): EventRead;
  /** Whether an entry is meant for a register (audience vs filter). */
  matches(entry: LoggedEvent, filter: EventFilter): boolean;
  /** Calls `listener` for every appended entry; returns a function that stops it. */
  subscribe(listener: (entry: LoggedEvent) => void): () => void;
  /** Every retained entry (for the inspection API). */
  entries(): readonly LoggedEvent[];
  /** Starts a new epoch with an empty log (simulates a platform restore). */
  reset(): void;
}
