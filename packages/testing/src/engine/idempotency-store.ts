import type { Clock } from '@loyalty-link/core';

/** A response as stored for replay: status, headers and the exact body text. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a request's idempotency key finds (protocol §3). */
export type IdempotencyClaim =
  /** A new key, now held by this request: finish it with `complete` (stores the response) or `abandon`. */
  | { kind: 'new'; complete(response: StoredResponse): void; abandon(): void }
  /** The same request finished before: answer its response again. */
  | { kind: 'replay'; response: StoredResponse }
  /** The same request is still running. */
  | { kind: 'in_progress' }
  /** The key was used for a different request. */
  | { kind: 'conflict' };

/** Idempotency keys per API key, with the fingerprint and response of the request that used each. */
export interface IdempotencyStore {
  /**
   * Looks up and, when new, claims a key in one synchronous step, so two concurrent requests with the
   * same key can never both be processed.
   */
  claim(apiKey: string, key: string, fingerprint: string): IdempotencyClaim;
  /** How many keys are kept now. */
  size(): number;
}

interface Entry {
  fingerprint: string;
  response: StoredResponse | undefined;
  storedAt: number;
}

/** Creates an {@link IdempotencyStore} that keeps keys for `retentionMs` on `clock`. */
export function createIdempotencyStore(clock: Clock, retentionMs: number): IdempotencyStore {
  const entries = new Map<string, Entry>();
  let claims = 0;

  const purge = (): void => {
    const oldest = clock.now() - retentionMs;
    for (const [id, entry] of entries) {
      if (entry.response !== undefined && entry.storedAt < oldest) entries.delete(id);
    }
  };

  return {
    claim(apiKey, key, fingerprint) {
      // Purging now and then bounds memory in a long simulator run without costing every request.
      claims += 1;
      if (claims % 256 === 0) purge();
      const id = `${apiKey}\n${key}`;
      const existing = entries.get(id);
      if (existing !== undefined && existing.response !== undefined && existing.storedAt < clock.now() - retentionMs) {
        entries.delete(id);
      } else if (existing !== undefined) {
        if (existing.fingerprint !== fingerprint) return { kind: 'conflict' };
        if (existing.response === undefined) return { kind: 'in_progress' };
        return { kind: 'replay', response: existing.response };
      }
      const entry: Entry = { fingerprint, response: undefined, storedAt: clock.now() };
      entries.set(id, entry);
      let settled = false;
      return {
        kind: 'new',
        complete(response) {
          if (settled) return;
          settled = true;
          entry.response = response;
          entry.storedAt = clock.now();
        },
        abandon() {
          if (settled) return;
          settled = true;
          if (entries.get(id) === entry) entries.delete(id);
        },
      };
    },
    size: () => entries.size,
  };
}
