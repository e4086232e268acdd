/** A source of uniform random numbers in [0, 1), like `Math.random`. Inject a seeded one in tests. */
export type Random = () => number;

/** The platform's `Math.random`. */
export const systemRandom: Random = () => Math.random();

/**
 * A small, fast, seeded generator (mulberry32): the same seed gives the same sequence on every machine.
 * Not for secrets.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
