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
import { createCloser } from './closer';
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
  /**
   * The random HTTP faults are drawn from. With a seed (and no `random` option) it is a stream of its own:
   * the live link (session ids, WebSocket faults) and the event log's epochs draw from other streams
   * derived from the same seed, so a connected register never changes which HTTP requests fail.
   */
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
  /**
   * Whether {@link Platform.close} was called. A closed platform refuses live connections (closed `1001` at
   * once), and answers a request it would stall or delay with a network error.
   */
  readonly closed: boolean;
  /**
   * Calls `callback` once when the platform closes, or at once when it is closed already; returns a function
   * that forgets it. Transports use it to end what would otherwise wait for ever, such as a stalled request.
   *
   * @example
   * ```ts
   * const forget = platform.onClose(() => resolve(HttpResponse.error()));
   * request.signal.addEventListener('abort', forget, { once: true });
   * ```
   */
  onClose(callback: () => void): () => void;
  /**
   * Stops every timer, closes every live connection with `1001` (also those still waiting for their
   * `hello`), and ends stalled and delayed requests with a network error. Live connections opened later are
   * refused.
   */
  close(): void;
}

/** Separate random streams, so drawing from one never moves another. */
interface RandomStreams {
  /** HTTP faults. */
  http: Random;
  /** Live sessions: their ids and WebSocket faults. */
  live: Random;
  /** Event log epochs. */
  epochs: Random;
}

/**
 * Derives the platform's random streams from `seed`: each stream is a seeded generator of its own whose
 * seed is drawn from one generator of `seed`, so every stream is the same for the same seed. A `random`
 * given in the options serves every stream (the caller decides every draw).
 */
function randomStreams(seed: number, random: Random | undefined): RandomStreams {
  if (random !== undefined) return { http: random, live: random, epochs: random };
  const root = seededRandom(seed);
  const derive = (): Random => seededRandom(Math.floor(root() * 2 ** 32));
  return { http: derive(), live: derive(), epochs: derive() };
}

/**
 * Creates a {@link Platform} from options merged once with {@link platformDefaults}. The seed decides the
 * customers and every random draw, so two platforms with the same options behave the same. HTTP faults,
 * the live link and the event log's epochs draw from separate streams derived from the seed, so one part
 * of a test (a register connecting) never reshuffles another's draws (which requests fail).
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
  const streams = randomStreams(config.seed, options.random);
  const closer = createCloser();
  const program = parseInput(ProgramSchema, structuredClone(options.program ?? seedProgram()), 'program');
  const events =
    options.events ??
    createEventLog({
      clock,
      random: streams.epochs,
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
  const faults = createFaultController(streams.http, config.faults);
  const connections = createConnectionRegistry();
  const requests = createRequestLog();
  let requestCounter = 0;

  const live = createLiveContext({
    events,
    clock,
    random: streams.live,
    authenticate: (token) => apiKeys.has(token),
    faults: () => faults.current(),
    presence: (change) => {
      engine.presence(change);
    },
    heartbeatMs: config.heartbeatMs,
    helloTimeoutMs: config.helloTimeoutMs,
    maxFrameBytes: config.maxFrameBytes,
    connections,
    onClose: (callback) => closer.onClose(callback),
  });

  return {
    apiKey: config.apiKey,
    apiKeys,
    signingSecret: options.signingSecret,
    clock,
    random: streams.http,
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
    get closed() {
      return closer.closed;
    },
    onClose: (callback) => closer.onClose(callback),
    close() {
      closer.close();
      engine.close();
      connections.drop();
    },
  };
}
