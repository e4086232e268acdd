/**
 * Faults the reference platform can inject, for tests of what a register does when the network and the
 * platform misbehave. Every field is optional; an empty config means a healthy platform. Rates are
 * probabilities in [0, 1] drawn from the platform's seeded random, so a run is repeatable.
 */
export interface FaultConfig {
  /** Added latency per HTTP response, in ms (plus up to `latencyJitterMs`, uniformly). */
  latencyMs?: number;
  /** Random extra latency, in ms. */
  latencyJitterMs?: number;
  /** Probability that a request fails with each status, e.g. `{ 500: 0.1, 503: 0.1 }`. */
  errorRates?: Partial<Record<number, number>>;
  /** Probability that a request fails as a network error (connection reset; MSW `HttpResponse.error()`). */
  networkErrorRate?: number;
  /** Probability that a request gets 429 with `Retry-After: rateLimitRetryAfterSeconds`. */
  rateLimitRate?: number;
  /** `Retry-After` of injected 429s and 503s, in seconds (default 1). */
  rateLimitRetryAfterSeconds?: number;
  /** Probability that a response stalls (never answers) until the client gives up. */
  stallRate?: number;
  /**
   * Whether a failure is injected before or after the platform processed the request. `after` is the
   * nasty case: the work is done, but the register never hears so (default `before`).
   */
  failurePoint?: 'before' | 'after';
  /** Only requests whose path starts with one of these are affected (default: all). */
  paths?: string[];

  /** Probability that the platform drops a WebSocket connection after each frame it sends. */
  wsDropRate?: number;
  /** Probability that, after each frame, the connection goes half-open: silent both ways, never closed. */
  wsHalfOpenRate?: number;
  /** Probability that an outgoing frame is replaced by garbage (invalid JSON or a schema-breaking frame). */
  wsCorruptRate?: number;
}

/** A one-shot fault: the next `count` matching requests fail this way, then the platform is healthy again. */
export interface FailNext {
  count: number;
  /** An HTTP status, `network` for a connection reset, or `stall`. */
  as: number | 'network' | 'stall';
  /** `Retry-After` seconds to send with a 429 or 503. */
  retryAfterSeconds?: number;
  /** Before or after processing (default `before`). */
  failurePoint?: 'before' | 'after';
  /** Only requests whose path starts with one of these (default: all). */
  paths?: string[];
}
