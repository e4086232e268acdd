import type { LeaseRequest } from '../outbox-store';

/** Who holds the drain lease, and until when (ms since epoch, on the holder's clock). */
export interface LeaseRecord {
  owner: string;
  expiresAt: number;
}

/**
 * The one lease rule every store applies: the lease goes to `request.owner` if nobody holds it, if the
 * holder's time ran out (`expiresAt <= now`), or if `request.owner` already holds it (a renewal, which
 * also revives a lease that expired but that nobody took). Returns the record to store, or `undefined`
 * when someone else holds it.
 */
export function decideLease(current: LeaseRecord | undefined, request: LeaseRequest): LeaseRecord | undefined {
  if (current === undefined || current.owner === request.owner || current.expiresAt <= request.now) {
    return { owner: request.owner, expiresAt: request.now + request.ttlMs };
  }
  return undefined;
}
