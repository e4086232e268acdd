import type { Hold, HoldRequest } from '@loyalty-link/core';
import type { Account } from './account';
import { pointsValue } from './balance-view';
import { type EngineContext, nowIso } from './engine-context';
import { type EngineResult, fail, ok } from './engine-result';
import { debitFloored, post } from './ledger';
import { publishChanges } from './publish-changes';

/** A hold and what the platform needs to run it. */
export interface HoldRecord {
  hold: Hold;
  /** The expiry timer while active. */
  timer?: number;
  /** Points actually spent when committed (less than `hold.points` after a late debit with a shortfall). */
  debited: number;
}

/** The platform's holds, by id, and the active ones (what expiry sweeps look at). */
export interface HoldBook {
  readonly byId: Map<string, HoldRecord>;
  readonly active: Set<HoldRecord>;
}

/** Creates an empty {@link HoldBook}. */
export function createHoldBook(): HoldBook {
  return { byId: new Map(), active: new Set() };
}

/** Default time to live of a hold, in seconds (protocol §7). */
export const DEFAULT_HOLD_TTL_SECONDS = 900;

function accountOf(context: EngineContext, customerId: string): Account | undefined {
  return context.accounts.get(customerId);
}

/**
 * Expires an active hold whose time has come: `held → available`, status `expired`, `hold.expired`
 * published. Does nothing for a hold that is not active or not yet due. Does not publish the balance; the
 * caller ends the operation.
 */
export function expireHold(context: EngineContext, holds: HoldBook, record: HoldRecord): void {
  const { hold } = record;
  if (hold.status !== 'active' || Date.parse(hold.expiresAt) > context.clock.now()) return;
  const account = accountOf(context, hold.customerId);
  hold.status = 'expired';
  holds.active.delete(record);
  if (record.timer !== undefined) context.scheduler.cancel(record.timer);
  delete record.timer;
  if (account === undefined) return;
  account.held -= hold.points;
  post(context, account, {
    type: 'release',
    points: hold.points,
    holdId: hold.id,
    reason: 'Hold expired: points returned',
  });
  context.events.append(
    {
      type: 'hold.expired',
      id: context.ids.next('evt'),
      occurredAt: nowIso(context),
      customerId: hold.customerId,
      holdId: hold.id,
    },
    { customerId: hold.customerId },
  );
}

/** Expires every active hold whose time to live has passed (the lazy half of expiry; timers are the other). */
export function sweepHolds(context: EngineContext, holds: HoldBook): void {
  const now = context.clock.now();
  for (const record of [...holds.active]) {
    if (Date.parse(record.hold.expiresAt) <= now) expireHold(context, holds, record);
  }
}

/**
 * Reserves points: checks and moves `available → held` with no await in between, so concurrent reserves
 * against one balance can never hold more than it has.
 */
export function reserveHold(context: EngineContext, holds: HoldBook, request: HoldRequest): EngineResult<Hold> {
  const customer = context.customers.get(request.customerId);
  const account = accountOf(context, request.customerId);
  if (customer === undefined || account === undefined) {
    return fail(404, 'customer_not_found', 'No customer has this id.');
  }
  if (customer.status !== 'active') return fail(422, 'customer_inactive', 'The membership is not active.');
  if (request.rewardId !== undefined && !context.program.rewards.some((reward) => reward.id === request.rewardId)) {
    return fail(422, 'validation_failed', 'The reward is not in the program.', [
      { path: ['rewardId'], code: 'reward_not_found', message: 'must be a reward of the program' },
    ]);
  }
  if (account.available < request.points) {
    return fail(422, 'insufficient_points', `Only ${account.available} points are available.`);
  }
  const now = context.clock.now();
  const expiresAtMs = now + (request.ttlSeconds ?? DEFAULT_HOLD_TTL_SECONDS) * 1000;
  const hold: Hold = {
    id: context.ids.next('hold'),
    customerId: customer.id,
    points: request.points,
    amount: { amount: pointsValue(context.program, request.points), currency: context.program.currency },
    status: 'active',
    storeId: request.storeId,
    registerId: request.registerId,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(expiresAtMs).toISOString(),
  };
  const record: HoldRecord = { hold, debited: 0 };
  account.held += request.points;
  post(context, account, {
    type: 'hold',
    points: -request.points,
    holdId: hold.id,
    reason: request.rewardId === undefined ? 'Points reserved for a redemption' : 'Points reserved for a reward',
  });
  record.timer = context.scheduler.at(expiresAtMs, () => {
    expireHold(context, holds, record);
    publishChanges(context);
  });
  holds.byId.set(hold.id, record);
  holds.active.add(record);
  return ok(structuredClone(hold));
}

/** Releases a hold: `held → available`. A released or expired hold is answered unchanged; a committed one is refused. */
export function releaseHold(context: EngineContext, holds: HoldBook, holdId: string): EngineResult<Hold> {
  const record = holds.byId.get(holdId);
  if (record === undefined) return fail(404, 'hold_not_found', 'No hold has this id.');
  const { hold } = record;
  if (hold.status === 'committed') return fail(409, 'hold_not_active', 'The hold was committed by a sale.');
  if (hold.status === 'active') {
    hold.status = 'released';
    holds.active.delete(record);
    if (record.timer !== undefined) context.scheduler.cancel(record.timer);
    delete record.timer;
    const account = accountOf(context, hold.customerId);
    if (account !== undefined) {
      account.held -= hold.points;
      post(context, account, { type: 'release', points: hold.points, holdId, reason: 'Hold released' });
    }
  }
  return ok(structuredClone(hold));
}

/**
 * Spends a hold for the sale `transactionId`. An active hold moves `held → spent`. When `late` is allowed
 * (a sale that carries the hold), an expired or released hold is debited again from the available balance,
 * never below zero, the rest recorded as a shortfall. Returns the points actually spent.
 */
export function spendHold(
  context: EngineContext,
  holds: HoldBook,
  record: HoldRecord,
  transactionId: string,
): { points: number; debited: number } {
  const { hold } = record;
  const account = accountOf(context, hold.customerId);
  if (hold.status === 'committed' && hold.transactionId === transactionId) {
    return { points: hold.points, debited: record.debited };
  }
  if (record.timer !== undefined) context.scheduler.cancel(record.timer);
  delete record.timer;
  let debited = 0;
  if (account !== undefined) {
    if (hold.status === 'active') {
      account.held -= hold.points;
      debited = hold.points;
      // The points left `available` when the hold was made; spending moves nothing there, only out of held.
      post(context, account, {
        type: 'redeem',
        points: 0,
        holdId: hold.id,
        transactionId,
        reason: 'Held points spent',
      });
    } else {
      debited = debitFloored(context, account, hold.points, {
        type: 'redeem',
        holdId: hold.id,
        transactionId,
        reason: `Points spent after the hold was ${hold.status}`,
      });
    }
  }
  hold.status = 'committed';
  holds.active.delete(record);
  hold.transactionId = transactionId;
  record.debited = debited;
  return { points: hold.points, debited };
}

/** Commits a hold explicitly (`POST /v1/holds/{id}:commit`): only an active hold, or one this sale committed. */
export function commitHold(
  context: EngineContext,
  holds: HoldBook,
  holdId: string,
  transactionId: string,
): EngineResult<Hold> {
  const record = holds.byId.get(holdId);
  if (record === undefined) return fail(404, 'hold_not_found', 'No hold has this id.');
  const { hold } = record;
  if (hold.status === 'expired') return fail(409, 'hold_expired', 'The hold expired before it was committed.');
  if (hold.status === 'released') return fail(409, 'hold_not_active', 'The hold was released.');
  if (hold.status === 'committed' && hold.transactionId !== transactionId) {
    return fail(409, 'hold_not_active', 'The hold was committed by another transaction.');
  }
  spendHold(context, holds, record, transactionId);
  return ok(structuredClone(hold));
}
