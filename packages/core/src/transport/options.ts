import { ConfigurationError } from '../errors/validation-error';
import { type Logger, silentLogger } from '../logging/logger';
import { type Clock, systemClock } from '../time/clock';
import { type Random, systemRandom } from '../time/random';
import { backoffDefaults } from './backoff';
import { normalizeBaseUrl } from './base-url';

/** The `fetch` the transport calls: the platform's, or one injected for tests and custom agents. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * How to reach a Loyalty Link protocol v1 platform, and how hard to try.
 *
 * The time budgets are a cashier's, not a batch job's: a register that waits 80 seconds (Stripe's
 * default) for a balance has a queue at the till. Every time is in milliseconds.
 *
 * @example
 * ```ts
 * const transport = createHttpTransport({
 *   baseUrl: 'https://loyalty.example.com',
 *   apiKey: process.env.LOYALTY_API_KEY ?? '',
 *   deadlineMs: 8_000,
 * });
 * ```
 */
export interface HttpTransportOptions {
  /** The platform's base URL, e.g. `https://loyalty.example.com`; paths such as `/v1/program` are appended. */
  baseUrl: string;
  /** The API key, sent as `Authorization: Bearer <apiKey>`. Registered with the redactor. */
  apiKey: string;
  /**
   * The shared secret for body signatures (`Loyalty-Link-Signature`), when the platform requires them.
   * Registered with the redactor. Needs WebCrypto.
   * @default undefined (requests are not signed)
   */
  signingSecret?: string;
  /**
   * Allows a plain `http:` base URL to a host other than loopback. Only for a trusted network, such as a
   * simulator on the shop's LAN: the API key and personal data would cross the network in clear text.
   * @default false
   */
  allowInsecureHttp?: boolean;
  /**
   * How long one attempt may take, from sending the request to reading the whole response body.
   * @default 5_000
   */
  attemptTimeoutMs?: number;
  /**
   * How long a whole call may take: every attempt and every wait between them. No attempt or wait is
   * started that would end after it.
   * @default 15_000
   */
  deadlineMs?: number;
  /**
   * How many times a failed attempt is retried (network errors, timeouts, 408, 5xx). Waits for a `429`
   * do not count: they are bounded by {@link HttpTransportOptions.maxRateLimitWaits} and the deadline.
   * @default 4
   */
  maxRetries?: number;
  /**
   * How many times a call waits for a `429 Too Many Requests` before giving up with `RateLimitError`.
   * @default 20
   */
  maxRateLimitWaits?: number;
  /**
   * The cap of the first backoff wait; each later cap doubles it (full jitter).
   * @default 250
   */
  retryBaseMs?: number;
  /**
   * The largest backoff wait.
   * @default 30_000
   */
  retryMaxMs?: number;
  /**
   * The longest `Retry-After` honoured; a longer one is clamped to this.
   * @default 60_000
   */
  maxRetryAfterMs?: number;
  /**
   * The largest response body the transport reads, in bytes (decoded). A longer answer fails the call
   * with a `ProtocolError` (issue `response_too_large`) as soon as it passes the limit, without being
   * buffered: a misconfigured proxy or a captive portal must not exhaust a register's memory. Protocol v1
   * answers are far smaller (a batch of 500 results is about 100 KB).
   * @default 8_388_608 (8 MiB)
   */
  maxResponseBytes?: number;
  /**
   * The `fetch` to call.
   * @default a wrapper that calls `globalThis.fetch` at call time (so MSW and other patches apply)
   */
  fetch?: FetchLike;
  /**
   * Time and timers, for deadlines, attempt timeouts and waits.
   * @default systemClock
   */
  clock?: Clock;
  /**
   * Randomness for backoff jitter.
   * @default systemRandom
   */
  random?: Random;
  /**
   * Where to log attempts (debug) and retries (warn). Every line is redacted before it arrives; bodies and
   * headers are never logged.
   * @default silentLogger
   */
  logger?: Logger;
  /**
   * A `User-Agent` to send, e.g. `acme-pos/4.2 loyalty-link/0.1`. Browsers ignore it.
   * @default undefined (the runtime's own)
   */
  userAgent?: string;
  /**
   * Extra headers sent with every request. They cannot replace the protocol's own headers.
   * @default {}
   */
  headers?: Readonly<Record<string, string>>;
}

/** The `fetch` used by default: looks `globalThis.fetch` up at each call, so patches made later apply. */
const lazyGlobalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/** The defaults of {@link HttpTransportOptions}. */
export const httpTransportDefaults = Object.freeze({
  allowInsecureHttp: false,
  attemptTimeoutMs: 5_000,
  deadlineMs: 15_000,
  maxRetries: 4,
  maxRateLimitWaits: 20,
  retryBaseMs: backoffDefaults.baseMs,
  retryMaxMs: backoffDefaults.maxMs,
  maxRetryAfterMs: 60_000,
  maxResponseBytes: 8 * 1024 * 1024,
  fetch: lazyGlobalFetch,
  clock: systemClock,
  random: systemRandom,
  logger: silentLogger,
  headers: Object.freeze({}) as Readonly<Record<string, string>>,
} satisfies Required<Omit<HttpTransportOptions, 'baseUrl' | 'apiKey' | 'signingSecret' | 'userAgent'>>);

/** @internal The options with every default applied and the base URL checked. */
export interface NormalizedHttpTransportOptions
  extends Required<Omit<HttpTransportOptions, 'signingSecret' | 'userAgent'>> {
  signingSecret: string | undefined;
  userAgent: string | undefined;
}

const headerValue = /^[\t\x20-\x7E\x80-\xFF]*$/;
// Headers the transport sets itself; an extra header with one of these names would be sent twice.
const reservedHeaders = new Set([
  'authorization',
  'content-type',
  'idempotency-key',
  'loyalty-link-signature',
  'loyalty-link-version',
  'retry-count',
  'user-agent',
]);
const tokenValue = /^[\x21-\x7E]+$/;

/** The longest delay timers support (2^31 − 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** @internal Throws a `ConfigurationError` (`invalid_option`) unless `value` is a usable duration in ms. */
export function checkDuration(name: string, value: number, allowZero: boolean): void {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    value > MAX_TIMER_MS ||
    (!allowZero && value === 0)
  ) {
    throw new ConfigurationError(
      'invalid_option',
      `${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds up to ${MAX_TIMER_MS}`,
    );
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigurationError('invalid_option', `${name} must be a non-negative integer`);
  }
}

/**
 * Applies the defaults and checks every option once, when the transport is created, so a wrong
 * configuration fails at start-up and never on a customer's first purchase.
 * @internal
 */
export function normalizeHttpTransportOptions(options: HttpTransportOptions): NormalizedHttpTransportOptions {
  const merged = { ...httpTransportDefaults, ...options };
  if (typeof merged.apiKey !== 'string' || merged.apiKey === '') {
    throw new ConfigurationError('missing_api_key', 'apiKey is required');
  }
  if (!tokenValue.test(merged.apiKey)) {
    throw new ConfigurationError('invalid_api_key', 'apiKey must be printable ASCII without spaces');
  }
  if (merged.signingSecret !== undefined && merged.signingSecret === '') {
    throw new ConfigurationError('invalid_option', 'signingSecret must not be empty');
  }
  checkDuration('attemptTimeoutMs', merged.attemptTimeoutMs, false);
  checkDuration('deadlineMs', merged.deadlineMs, false);
  checkDuration('retryBaseMs', merged.retryBaseMs, true);
  checkDuration('retryMaxMs', merged.retryMaxMs, true);
  checkDuration('maxRetryAfterMs', merged.maxRetryAfterMs, true);
  checkCount('maxRetries', merged.maxRetries);
  checkCount('maxRateLimitWaits', merged.maxRateLimitWaits);
  if (!Number.isSafeInteger(merged.maxResponseBytes) || merged.maxResponseBytes < 1) {
    throw new ConfigurationError('invalid_option', 'maxResponseBytes must be a positive integer number of bytes');
  }
  for (const [name, value] of Object.entries(merged.headers)) {
    if (!tokenValue.test(name) || typeof value !== 'string' || !headerValue.test(value)) {
      throw new ConfigurationError('invalid_option', `headers: "${name}" is not a valid header`);
    }
    if (reservedHeaders.has(name.toLowerCase())) {
      throw new ConfigurationError('invalid_option', `headers: "${name}" is set by the transport itself`);
    }
  }
  if (merged.userAgent !== undefined && !headerValue.test(merged.userAgent)) {
    throw new ConfigurationError('invalid_option', 'userAgent is not a valid header value');
  }
  return {
    ...merged,
    baseUrl: normalizeBaseUrl(merged.baseUrl, merged.allowInsecureHttp),
    signingSecret: merged.signingSecret,
    userAgent: merged.userAgent,
  };
}
