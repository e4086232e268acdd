import type { Clock, Program, ProgramInput, Random } from '@loyalty-link/core';
import type { FaultConfig } from '../faults/fault-types';
import type { SeedCustomer } from '../seed/seed-customer';
import type { EventLog } from './event-log-types';

/**
 * How to build a reference platform. Every field is optional; {@link platformDefaults} holds the defaults
 * that are plain values, and the seed decides the rest (customers, random).
 *
 * @example
 * ```ts
 * const platform = createPlatform({ seed: 7, clock: createManualClock(), faults: { latencyMs: 20 } });
 * ```
 */
export interface PlatformOptions {
  /**
   * The API key registers must send as `Authorization: Bearer <apiKey>`.
   * @default 'll_test_reference_platform_0001'
   */
  apiKey?: string;
  /**
   * More accepted API keys. Idempotency keys are kept per API key.
   * @default []
   */
  extraApiKeys?: string[];
  /**
   * Seeds the generated customers and the random draws: HTTP faults, the live link (session ids, WebSocket
   * faults) and epochs each draw from a stream of their own derived from it, so a register connecting or
   * not never changes which HTTP requests fail.
   * @default 1
   */
  seed?: number;
  /**
   * The platform's clock: hold and reward expiry, idempotency retention, timestamps, injected latency.
   * Pass `createManualClock()` in tests to move time by hand.
   * @default systemClock
   */
  clock?: Clock;
  /**
   * The platform's random numbers, for every draw (HTTP and WebSocket faults, session ids, epochs). Given,
   * it serves all of them from one sequence; leave it out to get separate streams derived from `seed`.
   * @default separate seeded streams derived from `seed`
   */
  random?: Random;
  /**
   * The loyalty program.
   * @default seedProgram() (Bean & Leaf)
   */
  program?: Program | ProgramInput;
  /**
   * The customers the platform starts with.
   * @default seedCustomers(seed)
   */
  customers?: SeedCustomer[];
  /**
   * Standing faults from the start (change them later with `platform.faults`).
   * @default {}
   */
  faults?: FaultConfig;
  /**
   * When set, every request with a body must carry a valid `Loyalty-Link-Signature` made with this secret.
   * @default undefined (signatures are not required)
   */
  signingSecret?: string;
  /**
   * The heartbeat interval the live link advertises in `welcome`, in ms.
   * @default 15_000
   */
  heartbeatMs?: number;
  /**
   * How long the live link waits for `hello`, in ms.
   * @default 10_000
   */
  helloTimeoutMs?: number;
  /**
   * The largest WebSocket frame accepted, in bytes.
   * @default 65_536
   */
  maxFrameBytes?: number;
  /**
   * Events are kept at least this long, in ms.
   * @default 86_400_000 (24 h)
   */
  eventRetentionMs?: number;
  /**
   * The last this many events are kept whatever their age.
   * @default 10_000
   */
  eventRetentionCount?: number;
  /**
   * How long idempotency keys and their responses are kept, in ms (platform clock).
   * @default limits.idempotencyRetentionMs (30 days)
   */
  idempotencyRetentionMs?: number;
  /**
   * How long an unlocked reward (a full stamp card) stays usable, in ms.
   * @default 2_592_000_000 (30 days)
   */
  rewardValidityMs?: number;
  /**
   * The event log to append to, instead of a new in-memory one (for tests of the live link).
   * @default createEventLog({ clock, random: the epoch stream, retentionMs: eventRetentionMs, retentionCount: eventRetentionCount })
   */
  events?: EventLog;
}

/** The plain-value defaults of {@link PlatformOptions}. */
export const platformDefaults = {
  apiKey: 'll_test_reference_platform_0001',
  extraApiKeys: [] as readonly string[],
  seed: 1,
  faults: {} as FaultConfig,
  heartbeatMs: 15_000,
  helloTimeoutMs: 10_000,
  maxFrameBytes: 65_536,
  eventRetentionMs: 24 * 60 * 60 * 1000,
  eventRetentionCount: 10_000,
  idempotencyRetentionMs: 30 * 24 * 60 * 60 * 1000,
  rewardValidityMs: 30 * 24 * 60 * 60 * 1000,
} as const;
