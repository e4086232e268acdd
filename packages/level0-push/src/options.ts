import {
  type Clock,
  ConfigurationError,
  IdentifierSchema,
  type Level0Port,
  type Logger,
  limits,
  MAX_TIMER_MS,
  type Program,
  type Random,
} from '@loyalty-link/core';
import type { OutboxStore } from './outbox/outbox-store';

/** How to reach a platform that speaks the Loyalty Link protocol v1. */
export interface PlatformConnection {
  /** The platform's base URL, e.g. `https://loyalty.example.com`. `https:` unless the host is loopback. */
  baseUrl: string;
  /** The API key. Never logged. */
  apiKey: string;
  /** The secret for body signatures, if the platform requires them. Never logged. */
  signingSecret?: string | undefined;
  /** Allows plain `http:` to a non-loopback host (a test rig on a LAN). @default false */
  allowInsecureHttp?: boolean | undefined;
  /** The `fetch` to use. @default globalThis.fetch, looked up at call time (so MSW intercepts it) */
  fetch?: typeof fetch | undefined;
}

/** How batches are formed. */
export interface BatchOptions {
  /**
   * The most transactions in one request (the protocol allows 500). Batches are full only when a backlog
   * waits (after an outage); 250 typical sales make a request of about 300 KB, and cost the register a
   * third less CPU per sale than batches of 100 (see docs/decisions/0009-batch-size.md). @default 250
   */
  maxItems: number;
  /** The most payload bytes in one request (the protocol allows 1 MiB). @default 524288 */
  maxBytes: number;
  /** How long to wait for more sales before sending a batch that is not full. @default 250 */
  lingerMs: number;
  /**
   * How many batch requests may be in flight at once, when enough is queued (after an outage). Order per
   * customer holds regardless: an entry never travels while an earlier entry it must follow is in flight.
   * @default 2
   */
  concurrency: number;
}

/** How failed deliveries are retried. They are retried forever: a recorded sale is never dropped. */
export interface DeliveryRetryOptions {
  /** The first backoff step (full jitter: the wait is random in [0, step]). @default 1000 */
  baseMs: number;
  /** The largest backoff step. @default 300000 (5 minutes) */
  maxMs: number;
  /** The longest `Retry-After` honoured; longer ones are clamped. @default 3600000 (1 hour) */
  maxRetryAfterMs: number;
}

/** Options of {@link createPushClient}. */
export interface PushClientOptions {
  /** The platform: protocol v1 connection details, or any level-0 port (an adapter for another platform). */
  platform: PlatformConnection | Level0Port;
  /** This register's store. Every transaction it records must carry it (or leave it out to have it filled in). */
  storeId: string;
  /** This register. Every transaction it records must carry it (or leave it out to have it filled in). */
  registerId: string;
  /**
   * Where recorded transactions wait until the platform acknowledges them: `sqliteOutbox(path)` in Node and
   * Electron, `indexedDbOutbox(name)` in browsers. `memoryOutbox()` loses queued sales on a crash: use it
   * only when that is acceptable.
   */
  outbox: OutboxStore;
  /** The program, for the offline points estimate returned by `record()`. @default undefined (no estimate) */
  program?: Program | undefined;
  /** How batches are formed. */
  batch?: Partial<BatchOptions> | undefined;
  /** How failed deliveries are retried. */
  retry?: Partial<DeliveryRetryOptions> | undefined;
  /** The longest one batch request may take, all transport retries included. @default 20000 */
  sendTimeoutMs?: number | undefined;
  /** Timeout of one HTTP attempt (protocol connection only). @default 10000 */
  attemptTimeoutMs?: number | undefined;
  /**
   * How long the drain lease lasts without renewal; another process takes over after it. A client with
   * nothing to send looks at the store every third of it (a second at least) for entries another process or
   * tab recorded or replayed there: one read, and a drain only if something waits.
   * @default 30000
   */
  leaseTtlMs?: number | undefined;
  /** After how long of continuous failure the state turns `stalled` and a `stalled` event fires. @default 300000 */
  stallAfterMs?: number | undefined;
  /** How many pending entries one drain cycle looks at to form a batch. @default 2000 */
  scanWindow?: number | undefined;
  /** Whether delivery starts at once; set `false` to start it with `start()`. @default true */
  autoStart?: boolean | undefined;
  /** Where the client logs; every line is redacted. @default silentLogger */
  logger?: Logger | undefined;
  /** Time, for backoff, linger and leases. @default systemClock */
  clock?: Clock | undefined;
  /** Randomness, for jitter. @default Math.random */
  random?: Random | undefined;
}

/** The defaults of {@link PushClientOptions}. */
export const pushClientDefaults = Object.freeze({
  batch: Object.freeze({ maxItems: 250, maxBytes: 512 * 1024, lingerMs: 250, concurrency: 2 }) satisfies BatchOptions,
  retry: Object.freeze({ baseMs: 1000, maxMs: 300_000, maxRetryAfterMs: 3_600_000 }) satisfies DeliveryRetryOptions,
  sendTimeoutMs: 20_000,
  attemptTimeoutMs: 10_000,
  leaseTtlMs: 30_000,
  stallAfterMs: 300_000,
  scanWindow: 2000,
  autoStart: true,
});

function check(valid: boolean, message: string): void {
  if (!valid) throw new ConfigurationError('invalid_option', message);
}

function isWhole(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isDuration(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= MAX_TIMER_MS;
}

/**
 * @internal Checks the options of a push client when it is created, so that a value that cannot work (a
 * batch of 0, a store id the protocol refuses, a NaN time) fails there with `invalid_option`, not later as
 * a sale that never leaves or a `record()` that blames the sale.
 */
export function checkPushClientOptions(
  options: PushClientOptions,
  batch: BatchOptions,
  retry: DeliveryRetryOptions,
): void {
  const outbox = options.outbox as Partial<Record<keyof OutboxStore, unknown>> | undefined;
  check(
    typeof outbox === 'object' &&
      outbox !== null &&
      typeof outbox.append === 'function' &&
      typeof outbox.scan === 'function' &&
      typeof outbox.stats === 'function',
    'outbox must be an outbox store: sqliteOutbox(path), indexedDbOutbox(name) or memoryOutbox().',
  );
  const platform = options.platform as { baseUrl?: unknown; sendTransactions?: unknown } | undefined;
  check(
    typeof platform === 'object' &&
      platform !== null &&
      (typeof platform.baseUrl === 'string' || typeof platform.sendTransactions === 'function'),
    'platform must be { baseUrl, apiKey } or a level-0 port.',
  );
  check(IdentifierSchema.safeParse(options.storeId).success, 'storeId must be 1-64 letters, digits, ".", "_" or "-".');
  check(
    IdentifierSchema.safeParse(options.registerId).success,
    'registerId must be 1-64 letters, digits, ".", "_" or "-".',
  );
  check(
    isWhole(batch.maxItems, 1, limits.maxBatchItems),
    `batch.maxItems must be a whole number from 1 to ${limits.maxBatchItems}.`,
  );
  check(
    isWhole(batch.maxBytes, 1, limits.maxBodyBytes),
    `batch.maxBytes must be a whole number from 1 to ${limits.maxBodyBytes}.`,
  );
  check(isDuration(batch.lingerMs, 0), 'batch.lingerMs must be a number of milliseconds of 0 or more.');
  check(isWhole(batch.concurrency, 1, 16), 'batch.concurrency must be an integer from 1 to 16.');
  for (const name of ['baseMs', 'maxMs', 'maxRetryAfterMs'] as const) {
    check(isDuration(retry[name], 0), `retry.${name} must be a number of milliseconds of 0 or more.`);
  }
  check(retry.baseMs <= retry.maxMs, 'retry.baseMs must not exceed retry.maxMs.');
  for (const name of ['sendTimeoutMs', 'attemptTimeoutMs', 'leaseTtlMs', 'stallAfterMs'] as const) {
    const value = options[name];
    check(value === undefined || isDuration(value, 1), `${name} must be a positive number of milliseconds.`);
  }
  check(
    options.scanWindow === undefined || isWhole(options.scanWindow, 1, Number.MAX_SAFE_INTEGER),
    'scanWindow must be a whole number of 1 or more.',
  );
}
