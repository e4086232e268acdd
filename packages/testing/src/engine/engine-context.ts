import type { Clock, LedgerEntry, Program } from '@loyalty-link/core';
import type { Account } from './account';
import type { CustomerBook } from './customer-book';
import type { EventLog } from './event-log-types';
import type { IdFactory } from './id-factory';
import type { Scheduler } from './scheduler';

/** The engine's state and services, shared by its parts. One per platform. */
export interface EngineContext {
  readonly program: Program;
  readonly clock: Clock;
  readonly ids: IdFactory;
  readonly events: EventLog;
  readonly scheduler: Scheduler;
  readonly customers: CustomerBook;
  readonly accounts: Map<string, Account>;
  /** How long an unlocked reward stays usable, in ms. */
  readonly rewardValidityMs: number;
  /** Every ledger entry of every customer, in the order booked. */
  readonly journal: LedgerEntry[];
  /** Customers whose account changed in the operation running now; published when it ends. */
  readonly dirty: Set<string>;
}

/** The platform clock's now, as an ISO 8601 UTC timestamp. */
export function nowIso(context: EngineContext): string {
  return new Date(context.clock.now()).toISOString();
}
