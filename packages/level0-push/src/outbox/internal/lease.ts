import type { LeaseRequest } from '../outbox-store';

/** Who holds the drain lease, and until when (ms since epoch, on the holder's clock). */
export interface LeaseRecord {
  owner: string;
  expiresAt: number;
  /** The holder's lease time; absent in records written before it was kept. */
  ttlMs?: number | undefined;
}

/**
 * The one lease rule every store applies: the lease goes to `request.owner` if nobody holds it, if the
 * holder's time ran out (`expiresAt <= now`), or if `request.owner` already holds it (a renewal, which
 * also revives a lease that expired but that nobody took). Returns the record to store, or `undefined`
 * when someone else holds it.
 *
 * A lease with more time left than its holder's lease time (this caller's, for an older record) was
 * written by a clock that was ahead: a register booted with a wrong clock, then crashed, and NTP put
 * the time right. It is taken too, or nobody could drain until the wrong clock's time came round (a day,
 * a year).
 */
export function decideLease(current: LeaseRecord | undefined, request: LeaseRequest): LeaseRecord | undefined {
  if (
    current === undefined ||
    current.owner === request.owner ||
    current.expiresAt <= request.now ||
    current.expiresAt - request.now > (current.ttlMs ?? request.ttlMs)
  ) {
    return { owner: request.owner, expiresAt: request.now + request.ttlMs, ttlMs: request.ttlMs };
  }
  return undefined;
}
