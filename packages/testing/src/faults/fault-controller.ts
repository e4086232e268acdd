import type { Random } from '@loyalty-link/core';
import type { FailNext, FaultConfig } from './fault-types';

/** How one HTTP request fails, if it does. */
export interface InjectedFailure {
  /** An HTTP status, `network` for a connection reset, or `stall` for a response that never comes. */
  as: number | 'network' | 'stall';
  /** Before the platform processed the request, or after (the work is done, the client never hears). */
  point: 'before' | 'after';
  /** `Retry-After` seconds for a 429 or 503. */
  retryAfterSeconds: number;
}

/** What the faults in force do to one HTTP request: a delay, and maybe a failure. */
export interface FaultPlan {
  /** Latency to add before the request is processed, in ms. */
  latencyMs: number;
  /** The failure to inject, if any. */
  failure?: InjectedFailure;
}

/**
 * Turns faults on and off while a test runs. Every random draw comes from the platform's seeded random,
 * so a run with the same seed fails the same requests.
 *
 * @example
 * ```ts
 * platform.faults.failNext({ count: 1, as: 503 });          // the next request gets 503
 * platform.faults.set({ errorRates: { 500: 0.2 }, latencyMs: 50 });
 * platform.faults.clear();
 * ```
 */
export interface FaultController {
  /**
   * Replaces the standing faults (an empty object means a healthy platform). One-shot faults stay queued.
   * The controller keeps a deep copy: changing `config` afterwards (its `errorRates`, its `paths`) does not
   * change the faults in force.
   */
  set(config: FaultConfig): void;
  /**
   * Queues a one-shot fault: the next `spec.count` matching requests fail as `spec.as`, a retry answered
   * from the idempotency store included. The controller keeps a deep copy of `spec`.
   */
  failNext(spec: FailNext): void;
  /** Removes every standing and one-shot fault. */
  clear(): void;
  /** The standing faults now, as a deep copy: changing it does not change the faults in force. */
  current(): FaultConfig;
  /** How many one-shot failures are still queued. */
  pendingOneShots(): number;
  /**
   * Decides what happens to one request to `path`. Consumes a one-shot fault and draws from the random;
   * the HTTP layer calls it once per request, after the request passed authentication and routing.
   */
  plan(path: string): FaultPlan;
}

const DEFAULT_RETRY_AFTER_SECONDS = 1;

function matchesPath(paths: readonly string[] | undefined, path: string): boolean {
  return paths === undefined || paths.length === 0 || paths.some((prefix) => path.startsWith(prefix));
}

/**
 * Creates a {@link FaultController} drawing from `random`, starting with a deep copy of `initial` as the
 * standing faults.
 */
export function createFaultController(random: Random, initial: FaultConfig = {}): FaultController {
  let config: FaultConfig = structuredClone(initial);
  let queue: FailNext[] = [];

  const oneShot = (path: string): InjectedFailure | undefined => {
    const spec = queue.find((candidate) => candidate.count > 0 && matchesPath(candidate.paths, path));
    if (spec === undefined) return undefined;
    spec.count -= 1;
    queue = queue.filter((candidate) => candidate.count > 0);
    return {
      as: spec.as,
      point: spec.failurePoint ?? 'before',
      retryAfterSeconds: spec.retryAfterSeconds ?? config.rateLimitRetryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
    };
  };

  const standing = (path: string): InjectedFailure | undefined => {
    if (!matchesPath(config.paths, path)) return undefined;
    const point = config.failurePoint ?? 'before';
    const retryAfterSeconds = config.rateLimitRetryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    // One draw per kind of fault, in a fixed order, so adding a rate never reshuffles the others' draws.
    const hit = (rate: number | undefined): boolean => rate !== undefined && rate > 0 && random() < rate;
    if (hit(config.networkErrorRate)) return { as: 'network', point, retryAfterSeconds };
    if (hit(config.stallRate)) return { as: 'stall', point, retryAfterSeconds };
    if (hit(config.rateLimitRate)) return { as: 429, point, retryAfterSeconds };
    const rates = Object.entries(config.errorRates ?? {}).sort(([a], [b]) => Number(a) - Number(b));
    for (const [status, rate] of rates) {
      if (hit(rate)) return { as: Number(status), point, retryAfterSeconds };
    }
    return undefined;
  };

  return {
    set(next) {
      config = structuredClone(next);
    },
    failNext(spec) {
      if (spec.count > 0) queue.push(structuredClone(spec));
    },
    clear() {
      config = {};
      queue = [];
    },
    current: () => structuredClone(config),
    pendingOneShots: () => queue.reduce((sum, spec) => sum + spec.count, 0),
    plan(path) {
      const failure = oneShot(path) ?? standing(path);
      const inScope = matchesPath(config.paths, path);
      const base = inScope ? (config.latencyMs ?? 0) : 0;
      const jitter = inScope && (config.latencyJitterMs ?? 0) > 0 ? random() * (config.latencyJitterMs ?? 0) : 0;
      const latencyMs = Math.max(0, Math.round(base + jitter));
      return failure === undefined ? { latencyMs } : { latencyMs, failure };
    },
  };
}
