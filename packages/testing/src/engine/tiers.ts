import type { Program, Tier, TierStatus } from '@loyalty-link/core';

/** The highest tier whose threshold `qualifyingPoints` reaches; undefined when the program has no tiers. */
export function tierFor(program: Program, qualifyingPoints: number): Tier | undefined {
  let found: Tier | undefined;
  for (const tier of [...program.tiers].sort((a, b) => a.threshold - b.threshold)) {
    if (qualifyingPoints >= tier.threshold) found = tier;
  }
  // A program whose lowest tier starts above zero leaves new members in no tier until they reach it.
  return found;
}

/** The tier status a balance shows: the tier, the qualifying points, and what is missing for the next. */
export function tierStatus(program: Program, qualifyingPoints: number): TierStatus | undefined {
  const tier = tierFor(program, qualifyingPoints);
  if (tier === undefined) return undefined;
  const next = [...program.tiers]
    .sort((a, b) => a.threshold - b.threshold)
    .find((candidate) => candidate.threshold > qualifyingPoints);
  return {
    id: tier.id,
    name: tier.name,
    qualifyingPoints,
    ...(next === undefined
      ? {}
      : {
          next: {
            id: next.id,
            name: next.name,
            threshold: next.threshold,
            remaining: next.threshold - qualifyingPoints,
          },
        }),
    perks: [...tier.perks],
  };
}

/** Whether moving from tier `fromId` to `toId` is a step up (by threshold). */
export function tierDirection(program: Program, fromId: string | undefined, toId: string): 'up' | 'down' {
  const threshold = (id: string | undefined): number =>
    id === undefined ? -1 : (program.tiers.find((tier) => tier.id === id)?.threshold ?? -1);
  return threshold(toId) >= threshold(fromId) ? 'up' : 'down';
}
