import {
  type Balance,
  type Clock,
  type Customer,
  type EventFrame,
  type Hold,
  type LedgerEntry,
  type Program,
  ProgramSchema,
  parseInput,
  type Random,
  registerSecret,
  seededRandom,
  systemClock,
} from '@loyalty-link/core';
import { createFaultController, type FaultController } from '../faults/fault-controller';
import { createConnectionRegistry } from '../live/connection-registry';
import { createLiveContext } from '../live/create-live-context';
import type { LiveConnectionInfo, LiveConnectionRegistry, LiveContext } from '../live/live-context';
import { seedCustomers } from '../seed/seed-customers';
import { seedProgram } from '../seed/seed-program';
import type { StoredProduct } from './catalog';
import { createEngine, type Engine } from './engine';
import { createEventLog } from './event-log';
import type { EventLog, LoggedEvent } from './event-log-types';
import { createIdempotencyStore, type IdempotencyStore } from './idempotency-store';
import { type PlatformOptions, platformDefaults } from './platform-options';
import type { CashierMessageInput } from './presence';
import { createRequestLog, type RecordedRequest, type RequestLog } from './request-log';
import type { RecordedTransaction } from './transaction-book';

/**
 * Read-only views of the platform's state, for tests: every call returns a copy.
 *
 * @example
 * ```ts
 * expect(platform.inspect.transactions().filter((tx) => tx.transaction.id === 'R-1')).toHaveLength(1);
 * expect(platform.inspect.consistency()).toEqual([]);
 * ```
 */
export interface PlatformInspector {
  /** Ledger entries of one customer, or of everyone, oldest first. */
  ledger(customerId?: string): LedgerEntry[];
  /** Every recorded transaction with its outcome, exactly once per item idempotency key. */
  transactions(): RecordedTransaction[];
  /** Every hold, whatever its status. */
  holds(): Hold[];
  /** Every retained event, with its audience. */
  events(): LoggedEvent[];
  /** Open live connections. */
  connections(): LiveConnectionInfo[];
  /** The synchronised catalog. */
  products(): StoredProduct[];
  /** HTTP requests handled (method, path, status, idempotency key, replayed flag, bodies). */
  requests(): RecordedRequest[];
  /** A customer's profile. */
  customer(id: string): Customer | undefined;
  /** A customer's balance now. */
  balance(id: string): Balance | undefined;
  /** Every customer. */
  customers(): Customer[];
  /** Problems with the books (ledger sums vs balances, held vs holds); `[]` when consistent. */
  consistency(): string[];
}

/**
 * A reference loyalty platform, independent of transport: the engine, its event log, faults, idempotency
 * keys and request log. `handleRequest(platform, request)` serves it over any HTTP transport; the MSW
 * handlers and the simulator are two such transports.
 */
export interface Platform {
  /** The primary API key. */
  readonly apiKey: string;
  /** Every accepted API key. */
  readonly apiKeys: ReadonlySet<string>;
  /** The signing secret, when signatures are required. */
  readonly signingSecret: string | undefined;
  /** The platform's clock. */
  readonly clock: Clock;
  /** The platform's seeded random. */
  readonly random: Random;
  /** The program in force. */
  readonly program: Program;
  /** The domain engine, for advanced tests (add customers, adjust points, change a status). */
  readonly engine: Engine;
  /** The event log behind the live link and `GET /v1/events`. */
  readonly events: EventLog;
  /** Fault injection. */
  readonly faults: FaultController;
  /** Idempotency keys and stored responses. */
  readonly idempotency: IdempotencyStore;
  /** The HTTP requests handled. */
  readonly requests: RequestLog;
  /** Live connections. */
  readonly connections: LiveConnectionRegistry;
  /** What the live link transports need from the platform. */
  readonly live: LiveContext;
  /** Read-only views for tests. */
  readonly inspect: PlatformInspector;
  /** Sends a `cashier.message` to a register, a store or everyone. */
  sendCashierMessage(input: CashierMessageInput): EventFrame;
  /** A new `Request-Id`. */
  nextRequestId(): string;
  /** Stops every timer and drops live connections. */
  close(): void;
}

/**
 * Creates a {@link Platform} from options merged once with {@link platformDefaults}. The seed decides the
 * customers and every random draw, so two platforms with the same options behave the same.
 *
 * @example
 * ```ts
 * const platform = createPlatform({ clock: createManualClock(Date.parse('2026-03-11T08:00:00Z')) });
 * const response = await handleRequest(platform, { method: 'GET', url: 'https://x.test/v1/program', headers, body: '' });
 * ```
 */
export function createPlatform(options: PlatformOptions = {}): Platform {
  const config = { ...platformDefaults, ...options };
  const clock = options.clock ?? systemClock;
  const random = options.random ?? seededRandom(config.seed);
  const program = parseInput(ProgramSchema, structuredClone(options.program ?? seedProgram()), 'program');
  const events =
    options.events ??
    createEventLog({
      clock,
      random,
      retentionMs: config.eventRetentionMs,
      retentionCount: config.eventRetentionCount,
    });
  const engine = createEngine({
    program,
    clock,
    events,
    customers: options.customers ?? seedCustomers(config.seed),
    rewardValidityMs: config.rewardValidityMs,
  });
  const apiKeys = new Set([config.apiKey, ...config.extraApiKeys]);
  for (const key of apiKeys) registerSecret(key);
  if (options.signingSecret !== undefined) registerSecret(options.signingSecret);
  const faults = createFaultController(random, config.faults);
  const connections = createConnectionRegistry();
  const requests = createRequestLog();
  let requestCounter = 0;

  const live = createLiveContext({
    events,
    clock,
    random,
    authenticate: (token) => apiKeys.has(token),
    faults: () => faults.current(),
    presence: (change) => {
      engine.presence(change);
    },
    heartbeatMs: config.heartbeatMs,
    helloTimeoutMs: config.helloTimeoutMs,
    maxFrameBytes: config.maxFrameBytes,
    connections,
  });

  return {
    apiKey: config.apiKey,
    apiKeys,
    signingSecret: options.signingSecret,
    clock,
    random,
    program,
    engine,
    events,
    faults,
    idempotency: createIdempotencyStore(clock, config.idempotencyRetentionMs),
    requests,
    connections,
    live,
    inspect: {
      ledger: (customerId) => engine.ledger(customerId),
      transactions: () => engine.transactions(),
      holds: () => engine.holds(),
      events: () => events.entries().map((entry) => structuredClone(entry)),
      connections: () => connections.list(),
      products: () => engine.products(),
      requests: () => requests.list(),
      customer: (id) => engine.customer(id),
      balance: (id) => engine.balance(id),
      customers: () => engine.customers(),
      consistency: () => engine.consistency(),
    },
    sendCashierMessage: (input) => engine.sendCashierMessage(input),
    nextRequestId() {
      requestCounter += 1;
      return `req_${String(requestCounter).padStart(8, '0')}`;
    },
    close() {
      engine.close();
      connections.drop();
    },
  };
}
