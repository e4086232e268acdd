import type * as z from 'zod/mini';

/** The HTTP methods protocol v1 uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A query parameter's value; `undefined` leaves the parameter out. */
export type QueryValue = string | number | boolean | undefined;

/** One call through an {@link HttpTransport}. */
export interface TransportRequest<S extends z.ZodMiniType> {
  /** The HTTP method. */
  method: HttpMethod;
  /** The path below the base URL, starting with `/`, e.g. `/v1/program`; already percent-encoded. */
  path: string;
  /**
   * How error messages and log lines name the path, with the ids that may be personal data left out, e.g.
   * `/v1/customers/{customerId}/balance`: a customer id can be a phone number or an email address written in
   * a way no redactor recognises.
   * @default the path, percent-decoded, then redacted like every message
   */
  route?: string | undefined;
  /** Query parameters, encoded by the transport. */
  query?: Readonly<Record<string, QueryValue>> | undefined;
  /** The JSON body; serialised once, so every retry sends the same bytes. */
  body?: unknown;
  /**
   * The body as JSON text serialised already, sent byte for byte (instead of `body`): for a caller that
   * holds the text anyway, such as an outbox sending what it stored, so it is not parsed and re-serialised.
   */
  bodyJson?: string | undefined;
  /** The zod mini schema of the success body; a body that breaks it is a `ProtocolError`. */
  schema: S;
  /**
   * The `Idempotency-Key`, reused by every retry of this call. A `POST` without one gets a random key.
   * @default undefined (a random UUID for `POST`, none otherwise)
   */
  idempotencyKey?: string | undefined;
  /** Aborts the call, during an attempt or a wait, with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /**
   * The budget of the whole call, in milliseconds.
   * @default the transport's `deadlineMs`
   */
  deadlineMs?: number | undefined;
  /**
   * The budget of one attempt, in milliseconds.
   * @default the transport's `attemptTimeoutMs`
   */
  attemptTimeoutMs?: number | undefined;
  /**
   * Whether failed attempts may be retried. Only say `true` for a call that is safe to repeat.
   * @default true for `GET`, and for `POST` with an `idempotencyKey`; false otherwise
   */
  retry?: boolean | undefined;
  /** What is asked for, for messages and logs, e.g. `balance`. Never personal data. */
  subject: string;
}

/** The answer to a successful call. */
export interface TransportResponse<T> {
  /** The body, validated by the request's schema. */
  data: T;
  /** The HTTP status (2xx). */
  status: number;
  /** The platform's request id (`Request-Id`), for support tickets. */
  requestId?: string | undefined;
  /** Whether the platform replayed a stored response for the idempotency key (`Idempotent-Replayed: true`). */
  replayed: boolean;
}

/**
 * Sends protocol v1 requests to one platform: authentication, idempotency keys, signatures, retries with
 * backoff, a deadline per call, errors mapped to the SDK's error tree, responses validated by schema.
 */
export interface HttpTransport {
  /** The normalised base URL (no trailing slash). */
  readonly baseUrl: string;
  /**
   * Makes one call, retrying as the request allows, within its deadline.
   *
   * @throws `PlatformError` (or a subclass) for an error status, `NetworkError` when no response came,
   * `TimeoutError` (`timeout` or `deadline_exceeded`), `AbortError`, `ProtocolError` for a malformed body.
   *
   * @example
   * ```ts
   * const { data } = await transport.request({ method: 'GET', path: '/v1/program', schema: ProgramSchema, subject: 'program' });
   * ```
   */
  request<S extends z.ZodMiniType>(request: TransportRequest<S>): Promise<TransportResponse<z.infer<S>>>;
}
