import type { Clock, TimerHandle } from '@loyalty-link/core';
import type { LeaseRequest } from '../outbox-store';

/**
 * The part of the Web Locks API (`navigator.locks`) the lease needs. `navigator.locks` satisfies it; tests
 * can pass a fake.
 */
export interface LeaseLocks {
  request(
    name: string,
    options: { ifAvailable: true },
    callback: (lock: unknown) => Promise<void> | undefined,
  ): Promise<unknown>;
}

interface Held {
  owner: string;
  expiresAt: number;
  ttlMs: number;
  /** Lets the lock go; resolves once the browser has freed it. */
  release: () => Promise<void>;
  timer: TimerHandle;
}

/**
 * The drain lease held as a Web Lock, so that one tab drains at a time and a tab that crashes or closes
 * gives it up at once (the browser drops its locks). Within this tab the lease follows the same rules as
 * the stores' lease records: a renewal by the holder succeeds, another owner takes over once `expiresAt`
 * (by the caller's `now`) has passed. And if the holder stops renewing, the lock is let go `ttlMs` after the
 * last renewal (on `clock`), so a drainer that hung or was dropped without `close()` cannot starve the
 * other tabs.
 */
export class WebLocksLease {
  readonly #locks: LeaseLocks;
  readonly #name: string;
  readonly #clock: Clock;
  #held: Held | undefined;
  // Requests run one at a time: two owners asking at once must not both request the lock.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(locks: LeaseLocks, name: string, clock: Clock) {
    this.#locks = locks;
    this.#name = name;
    this.#clock = clock;
  }

  /** Acquires or renews the lease for `request.owner`; resolves whether it holds it now. */
  acquire(request: LeaseRequest): Promise<boolean> {
    return this.#inTurn(() => this.#acquire(request));
  }

  /**
   * Gives the lease up if `owner` holds it. In turn with acquisitions: a release right after an acquire
   * that is still waiting for the lock must find the lock held, not nothing.
   */
  release(owner: string): Promise<void> {
    return this.#inTurn(async () => {
      if (this.#held?.owner === owner) await this.#letGo();
    });
  }

  /** Gives the lease up whoever holds it (the store is closing). */
  releaseAll(): Promise<void> {
    return this.#inTurn(() => this.#letGo());
  }

  #inTurn<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.#queue.then(work);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #acquire(request: LeaseRequest): Promise<boolean> {
    const held = this.#held;
    if (held !== undefined) {
      // Taken like a lease record (see `decideLease`): expired, or with more time left than its holder's
      // lease time, which only a clock set back since the renewal gives.
      const left = held.expiresAt - request.now;
      if (held.owner !== request.owner && left > 0 && left <= held.ttlMs) return false;
      held.owner = request.owner;
      held.expiresAt = request.now + request.ttlMs;
      held.ttlMs = request.ttlMs;
      this.#clock.clearTimeout(held.timer);
      held.timer = this.#expireIn(request.ttlMs);
      return true;
    }
    const release = await this.#tryLock();
    if (release === undefined) return false;
    this.#held = {
      owner: request.owner,
      expiresAt: request.now + request.ttlMs,
      ttlMs: request.ttlMs,
      release,
      timer: this.#expireIn(request.ttlMs),
    };
    return true;
  }

  #expireIn(ms: number): TimerHandle {
    // In turn, so an acquisition that follows waits until the browser has freed the lock; and only if no
    // renewal came in between (it sets a new timer).
    const timer = this.#clock.setTimeout(() => {
      void this.#inTurn(async () => {
        if (this.#held?.timer === timer) await this.#letGo();
      });
    }, ms);
    return timer;
  }

  /**
   * Lets the lock go. Resolves once the browser has freed it: Chromium frees it a moment after the callback's
   * promise settles, and another tab asking in between (or this store, for another owner) would be refused.
   */
  async #letGo(): Promise<void> {
    const held = this.#held;
    if (held === undefined) return;
    this.#held = undefined;
    this.#clock.clearTimeout(held.timer);
    await held.release();
  }

  /** Resolves a function that lets the lock go, or `undefined` if another holder has it. */
  #tryLock(): Promise<(() => Promise<void>) | undefined> {
    return new Promise((resolve, reject) => {
      const granted = this.#locks.request(this.#name, { ifAvailable: true }, (lock) => {
        if (lock === null) {
          resolve(undefined);
          return undefined;
        }
        // The lock is held for as long as this promise is pending; `request()`'s own promise settles once
        // the browser has freed it.
        return new Promise<void>((letGo) =>
          resolve(() => {
            letGo();
            return freed;
          }),
        );
      });
      const freed = granted.then(
        () => undefined,
        () => undefined,
      );
      // Rejects only if the request itself failed; once granted, resolving again is a no-op.
      granted.then(undefined, reject);
    });
  }
}
