/** One HTTP request as the inspection API shows it. */
export interface RecordedRequest {
  /** The `Request-Id` the platform gave it. */
  requestId: string;
  method: string;
  /** Path without the query. */
  path: string;
  /** The query string, without `?` (empty when none). */
  query: string;
  /**
   * The status answered, or `network_error` / `stall` for injected faults that gave no response (and
   * `network_error` for a request cut off by the platform closing during its injected latency).
   */
  status: number | 'network_error' | 'stall';
  /** The `Idempotency-Key` header, if sent. */
  idempotencyKey?: string;
  /** Whether the answer was a stored response replayed. */
  replayed: boolean;
  /** The fault injected, if any. */
  fault?: string;
  /** The request body as text (this is a test API; it may hold personal data). */
  requestBody: string;
  /** The response body (empty for network errors and stalls). */
  responseBody: string;
  /** Platform time it arrived, ms. */
  receivedAt: number;
}

/** The requests a platform handled, the most recent `capacity` of them. */
export interface RequestLog {
  add(request: RecordedRequest): void;
  list(): RecordedRequest[];
  /** How many requests were handled in all (including those no longer kept). */
  count(): number;
}

/** Creates a {@link RequestLog} keeping the last `capacity` requests. */
export function createRequestLog(capacity = 10_000): RequestLog {
  let kept: RecordedRequest[] = [];
  let total = 0;
  return {
    add(request) {
      total += 1;
      kept.push(request);
      if (kept.length > capacity * 2) kept = kept.slice(-capacity);
    },
    list: () => kept.slice(-capacity).map((request) => ({ ...request })),
    count: () => total,
  };
}
