/** An opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/**
 * Time as the SDK sees it. Inject one to make retries, leases, TTLs and heartbeats deterministic in tests;
 * the default is the platform's own clock and timers.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, like `Date.now()`. */
  now(): number;
  /** Calls `callback` once after `ms` milliseconds. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer made by {@link Clock.setTimeout}; unknown handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** The platform's clock: `Date.now`, `setTimeout`, `clearTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A clock that moves only when told to; for tests and simulations. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in order. Timers set by fired callbacks fire too if due. */
  advance(ms: number): void;
  /** Like {@link ManualClock.advance}, but lets pending promises settle after each timer fires. */
  advanceAsync(ms: number): Promise<void>;
  /** Sets the time (never backwards past pending timers' order; due timers fire). */
  set(epochMs: number): void;
  /** How many timers are waiting. */
  pending(): number;
}

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/** Creates a {@link ManualClock} starting at `startMs` (default: 2026-01-01T00:00:00Z). */
export function createManualClock(startMs: number = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, Timer>();

  const nextDue = (until: number): Timer | undefined => {
    let best: Timer | undefined;
    for (const timer of timers.values()) {
      if (
        timer.at <= until &&
        (best === undefined || timer.at < best.at || (timer.at === best.at && timer.id < best.id))
      ) {
        best = timer;
      }
    }
    return best;
  };

  const clock: ManualClock = {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { id, at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      if (typeof handle === 'number') timers.delete(handle);
    },
    advance(ms) {
      const target = now + ms;
      for (let timer = nextDue(target); timer !== undefined; timer = nextDue(target)) {
        timers.delete(timer.id);
        now = Math.max(now, timer.at);
        timer.callback();
      }
      now = target;
    },
    async advanceAsync(ms) {
      const target = now + ms;
      await flushMicrotasks();
      for (let timer = nextDue(target); timer !== undefined; timer = nextDue(target)) {
        timers.delete(timer.id);
        now = Math.max(now, timer.at);
        timer.callback();
        await flushMicrotasks();
      }
      now = target;
    },
    set(epochMs) {
      if (epochMs >= now) clock.advance(epochMs - now);
      else now = epochMs;
    },
    pending: () => timers.size,
  };
  return clock;
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/**
 * Resolves after `ms` on `clock`, or rejects with the signal's reason when `signal` aborts first.
 * @internal
 */
export function sleep(ms: number, clock: Clock, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
