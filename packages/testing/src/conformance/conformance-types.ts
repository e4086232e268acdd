import type { WebSocketLikeConstructor } from './websocket-like';

/** A protocol level: 0 push, 1 push and pull, 2 live link. */
export type ConformanceLevel = 0 | 1 | 2;

/** The data on the server under test that the checks rely on. */
export interface ConformanceFixtures {
  /**
   * An active customer with at least 1,000 available points, known by each kind of reference. The checks
   * change its balance a little (small sales, returned again) and hold points briefly (always released).
   */
  customer: {
    /** Its loyalty id (the platform's customer id). */
    loyaltyId: string;
    /** Its phone number, E.164. */
    phone: string;
    /** Its email address. */
    email: string;
    /** One of its card codes. */
    card: string;
  };
  /** A store the API key may record transactions for. */
  storeId: string;
  /** A register of that store. */
  registerId: string;
  /** The program's currency (default `EUR`). */
  currency?: string;
  /** The amount of the sales the checks record, in minor units; it must earn points (default 2,000). */
  saleAmount?: number;
}

/** Options of `runConformance`. */
export interface ConformanceOptions {
  /** The platform's base URL, e.g. `https://loyalty.example.com` (paths such as `/v1/program` follow it). */
  baseUrl: string;
  /** A valid API key. */
  apiKey: string;
  /** The live endpoint's full URL (default: the base URL with `ws(s):` and `/v1/live`). */
  wsUrl?: string;
  /** The WebSocket class (default: the global `WebSocket`; in Node 20 pass `ws`'s). */
  WebSocket?: WebSocketLikeConstructor;
  /** The fetch function (default: the global `fetch`). */
  fetch?: typeof fetch;
  /** Data on the server that the checks use. */
  fixtures: ConformanceFixtures;
  /** The levels to check (default all: 0, 1 and 2). */
  levels?: ConformanceLevel[];
  /** How long one check may take, in ms (default 10,000). */
  timeoutMs?: number;
  /**
   * Whether to check that a connection without `hello` is closed `4002` after the hello timeout. It waits
   * for the server's real timeout (10 s by the protocol), so it is off by default.
   */
  checkHelloTimeout?: boolean;
  /** How long the server waits for `hello`, in ms, for that check (default 10,000). */
  helloTimeoutMs?: number;
  /** Only the checks whose name contains one of these (default: all). */
  only?: string[];
}

/** Defaults of {@link ConformanceOptions}. */
export const conformanceDefaults = {
  levels: [0, 1, 2] as ConformanceLevel[],
  timeoutMs: 10_000,
  checkHelloTimeout: false,
  helloTimeoutMs: 10_000,
} satisfies Partial<ConformanceOptions>;

/** The outcome of one check. */
export interface ConformanceResult {
  /** What was checked, as a sentence. */
  name: string;
  /** The protocol level the check belongs to. */
  level: ConformanceLevel;
  /** Whether the server behaved as the protocol says. */
  ok: boolean;
  /** Why not, when it failed. */
  message?: string;
  /** How long the check took, in ms. */
  durationMs: number;
}

/** What `runConformance` found. */
export interface ConformanceReport {
  /** How many checks passed. */
  passed: number;
  /** How many checks failed. */
  failed: number;
  /** Every check, in the order run. */
  results: ConformanceResult[];
}
