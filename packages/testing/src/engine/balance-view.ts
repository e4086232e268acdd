import type { Balance, Program } from '@loyalty-link/core';
import type { Account } from './account';
import { localYear } from './local-year';
import { tierStatus } from './tiers';

/** Qualifying points of the current calendar year (program time zone). */
export function currentQualifying(account: Account, program: Program, nowMs: number): number {
  return account.qualifyingByYear.get(localYear(nowMs, program.timeZone)) ?? 0;
}

/** What `points` available points are worth: `⌊points × pointValue.amount / pointValue.points⌋` minor units. */
export function pointsValue(program: Program, points: number): number {
  const { pointValue } = program.redemption;
  return Math.floor((Math.max(0, points) * pointValue.amount) / pointValue.points);
}

/**
 * The balance a register sees: points, their value, the tier with progress, usable rewards (unlocked ones
 * and catalog rewards the available points can buy), stamp cards and wallets.
 */
export function balanceOf(account: Account, program: Program, nowMs: number): Balance {
  const tier = tierStatus(program, currentQualifying(account, program, nowMs));
  const affordable = program.rewards.filter(
    (reward) => reward.costPoints > 0 && reward.costPoints <= account.available,
  );
  return {
    customerId: account.customerId,
    points: {
      available: Math.max(0, account.available),
      held: Math.max(0, account.held),
      pending: 0,
      lifetime: Math.max(0, account.lifetime),
    },
    monetaryValue: { amount: pointsValue(program, account.available), currency: program.currency },
    ...(tier === undefined ? {} : { tier }),
    rewards: [...account.rewards.map((unlocked) => structuredClone(unlocked.reward)), ...structuredClone(affordable)],
    stampCards: program.earnRules.flatMap((rule) =>
      rule.type === 'stamp_card'
        ? [{ ruleId: rule.id, stamps: account.stamps.get(rule.id) ?? 0, stampsRequired: rule.stampsRequired }]
        : [],
    ),
    wallets: structuredClone(account.wallets),
    version: account.version,
    asOf: new Date(nowMs).toISOString(),
  };
}
