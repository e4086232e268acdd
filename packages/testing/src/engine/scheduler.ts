import type { Clock, TimerHandle } from '@loyalty-link/core';
import { unrefTimer } from './closer';

/** Timers on the platform's clock for things that happen at an instant: a hold or a reward expiring. */
export interface Scheduler {
  /** Calls `callback` once the clock reaches `epochMs`. Returns a handle for {@link Scheduler.cancel}. */
  at(epochMs: number, callback: () => void): number;
  /** Cancels a timer; unknown or fired handles are ignored. */
  cancel(handle: number): void;
  /** Cancels every timer (the platform is closing). */
  close(): void;
}

// setTimeout overflows above 2^31 − 1 ms (about 24.8 days) and fires at once; reward lifetimes are longer.
const MAX_TIMER_MS = 2_147_483_647;

/** Creates a {@link Scheduler} on `clock`. Real timers are unref'd so a forgotten platform never keeps Node alive. */
export function createScheduler(clock: Clock): Scheduler {
  const live = new Map<number, TimerHandle>();
  let next = 1;

  const arm = (id: number, epochMs: number, callback: () => void): void => {
    const wait = Math.min(Math.max(0, epochMs - clock.now()), MAX_TIMER_MS);
    const handle = clock.setTimeout(() => {
      if (!live.has(id)) return;
      if (clock.now() < epochMs) {
        arm(id, epochMs, callback);
        return;
      }
      live.delete(id);
      callback();
    }, wait);
    unrefTimer(handle);
    live.set(id, handle);
  };

  return {
    at(epochMs, callback) {
      const id = next++;
      arm(id, epochMs, callback);
      return id;
    },
    cancel(id) {
      const handle = live.get(id);
      if (handle === undefined) return;
      live.delete(id);
      clock.clearTimeout(handle);
    },
    close() {
      for (const handle of live.values()) clock.clearTimeout(handle);
      live.clear();
    },
  };
}
