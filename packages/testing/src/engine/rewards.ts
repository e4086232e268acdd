import type { Reward } from '@loyalty-link/core';
import type { Account, UnlockedReward } from './account';
import { type EngineContext, nowIso } from './engine-context';
import { publishChanges } from './publish-changes';

/**
 * Unlocks the catalog reward `catalogId` for a customer (a full stamp card): a free instance with its own
 * id, usable until `rewardValidityMs` from now, announced with `reward.unlocked`. Returns undefined when the
 * program has no such reward.
 */
export function unlockReward(context: EngineContext, account: Account, catalogId: string): Reward | undefined {
  const template = context.program.rewards.find((reward) => reward.id === catalogId);
  if (template === undefined) return undefined;
  const expiresAtMs = context.clock.now() + context.rewardValidityMs;
  const reward: Reward = {
    ...structuredClone(template),
    id: context.ids.next('urw'),
    costPoints: 0,
    expiresAt: new Date(expiresAtMs).toISOString(),
  };
  const unlocked: UnlockedReward = { reward, catalogId };
  unlocked.timer = context.scheduler.at(expiresAtMs, () => {
    expireRewards(context, account);
    publishChanges(context);
  });
  account.rewards.push(unlocked);
  context.dirty.add(account.customerId);
  context.events.append(
    {
      type: 'reward.unlocked',
      id: context.ids.next('evt'),
      occurredAt: nowIso(context),
      customerId: account.customerId,
      reward: structuredClone(reward),
    },
    { customerId: account.customerId },
  );
  return reward;
}

/**
 * Uses an unlocked reward named by a sale's line discount (`kind: 'reward'`, `reference`: the instance id,
 * or the catalog id for the oldest instance). Returns whether one was used.
 */
export function consumeReward(context: EngineContext, account: Account, reference: string): boolean {
  let index = account.rewards.findIndex((unlocked) => unlocked.reward.id === reference);
  if (index < 0) index = account.rewards.findIndex((unlocked) => unlocked.catalogId === reference);
  const unlocked = account.rewards[index];
  if (unlocked === undefined) return false;
  if (unlocked.timer !== undefined) context.scheduler.cancel(unlocked.timer);
  account.rewards.splice(index, 1);
  context.dirty.add(account.customerId);
  return true;
}

/** Removes the customer's rewards whose expiry has passed, publishing `reward.expired` for each. */
export function expireRewards(context: EngineContext, account: Account): void {
  const now = context.clock.now();
  const expired = account.rewards.filter(
    (unlocked) => unlocked.reward.expiresAt !== undefined && Date.parse(unlocked.reward.expiresAt) <= now,
  );
  if (expired.length === 0) return;
  account.rewards = account.rewards.filter((unlocked) => !expired.includes(unlocked));
  for (const unlocked of expired) {
    if (unlocked.timer !== undefined) context.scheduler.cancel(unlocked.timer);
    context.events.append(
      {
        type: 'reward.expired',
        id: context.ids.next('evt'),
        occurredAt: nowIso(context),
        customerId: account.customerId,
        rewardId: unlocked.reward.id,
      },
      { customerId: account.customerId },
    );
  }
  context.dirty.add(account.customerId);
}
