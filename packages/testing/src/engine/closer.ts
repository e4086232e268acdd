import type { TimerHandle } from '@loyalty-link/core';

/**
 * What a platform's `close()` ends: live connections, stalled requests, injected latency. Each registers a
 * callback; `close()` calls them all once.
 */
export interface Closer {
  /** Whether {@link Closer.close} was called. */
  readonly closed: boolean;
  /**
   * Calls `callback` once when the platform closes, or at once when it already has. Returns a function that
   * forgets the callback (call it when the thing it would end has ended by itself).
   */
  onClose(callback: () => void): () => void;
  /** Calls every registered callback once, oldest first; a callback that throws does not stop the others. */
  close(): void;
}

/** Creates a {@link Closer}. */
export function createCloser(): Closer {
  let closed = false;
  const callbacks = new Set<() => void>();
  const run = (callback: () => void): void => {
    try {
      callback();
    } catch {
      // Closing is best effort: one thing that cannot be ended must not keep the others open.
    }
  };
  return {
    get closed() {
      return closed;
    },
    onClose(callback) {
      if (closed) {
        run(callback);
        return () => undefined;
      }
      // A wrapper per registration, so the same function registered twice is forgotten once at a time.
      const entry = (): void => callback();
      callbacks.add(entry);
      return () => {
        callbacks.delete(entry);
      };
    },
    close() {
      if (closed) return;
      closed = true;
      const pending = [...callbacks];
      callbacks.clear();
      for (const callback of pending) run(callback);
    },
  };
}

/**
 * Lets a real timer not keep Node alive: Node's timer handles have `unref()`, a browser's numbers and a
 * manual clock's ids do not, and are left as they are. The `Clock` interface has no `unref`, so this looks
 * at the handle the clock returned.
 */
export function unrefTimer(handle: TimerHandle): void {
  if (typeof handle !== 'object' || handle === null) return;
  const unref = (handle as { unref?: unknown }).unref;
  if (typeof unref === 'function') unref.call(handle);
}
