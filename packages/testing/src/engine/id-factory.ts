/** Makes the platform's ids: a prefix and a per-prefix counter, so ids are deterministic for a run. */
export interface IdFactory {
  /** The next id with this prefix, e.g. `hold_000001`. */
  next(prefix: string): string;
}

/** Creates an {@link IdFactory} whose counters all start at 1. */
export function createIdFactory(): IdFactory {
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}_${String(n).padStart(6, '0')}`;
    },
  };
}
