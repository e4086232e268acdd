import { ValidationError } from '../errors/validation-error';
import { allocate } from '../money/allocate';
import type { Balance } from '../schemas/balance';
import type { Program } from '../schemas/program';
import type {
  Cart,
  RedemptionQuote,
  RedemptionQuoteResult,
  RedemptionRefusal,
  RedemptionRefusalCode,
  RedemptionRequest,
} from '../schemas/redemption';
import type { Reward } from '../schemas/reward';
import { toSafeInteger } from './integer-math';
import { type RedemptionLimits, redemptionLimits } from './redemption-limits';
import { rewardValue } from './reward-value';
import { isWithinWindow } from './time-window';
import { assertTimeZone, parseInstant } from './zoned-time';

/** The part of a balance a quote needs: the points, and the rewards the customer holds (unlocked ones are free). */
export type RedeemableBalance = Pick<Balance, 'points'> & { rewards?: readonly Reward[] };

/** Options for {@link quoteRedemption}. */
export interface QuoteRedemptionOptions {
  /** The time to check windows and reward expiry against when the cart has no `at`. */
  now?: string;
}

function refusal(code: RedemptionRefusalCode, message: string): RedemptionRefusal {
  return { ok: false, code, message };
}

/** The indexes of the lines points may pay for: neither their sku nor their category is excluded. */
function eligibleLineIndexes(rules: Program['redemption'], cart: Cart): number[] {
  return cart.lines.flatMap((line, index) =>
    rules.excludedSkus.includes(line.sku) ||
    (line.category !== undefined && rules.excludedCategories.includes(line.category))
      ? []
      : [index],
  );
}

interface QuoteContext {
  program: Program;
  cart: Cart;
  eligible: readonly number[];
  eligibleAmount: number;
  limits: RedemptionLimits;
  available: bigint;
  at: string | undefined;
}

/** A priced quote, with `amount` spread over `lineIndexes` by largest remainder weighted by their totals. */
function buildQuote(
  context: QuoteContext,
  points: bigint,
  amount: number,
  lineIndexes: readonly number[],
  extra: Pick<RedemptionQuote, 'limitedBy' | 'rewardId'>,
): RedemptionQuote {
  const { currency } = context.program;
  const weights = lineIndexes.map((index) => context.cart.lines[index]?.total.amount ?? 0);
  const parts = amount === 0 ? [] : allocate({ amount, currency }, weights);
  return {
    ok: true,
    points: toSafeInteger(points, 'points'),
    amount: { amount, currency },
    allocations: parts.flatMap((part, position) =>
      part.amount === 0 ? [] : [{ lineIndex: lineIndexes[position] ?? 0, amount: part }],
    ),
    maxPoints: toSafeInteger(context.limits.maxPoints, 'points'),
    eligibleAmount: { amount: context.eligibleAmount, currency },
    reductionMethod: context.program.redemption.reductionMethod,
    ...extra,
  };
}

function quoteReward(
  context: QuoteContext,
  rewardId: string,
  owned: readonly Reward[] | undefined,
): RedemptionQuoteResult {
  const { program, cart, at } = context;
  const reward =
    owned?.find((candidate) => candidate.id === rewardId) ??
    program.rewards.find((candidate) => candidate.id === rewardId);
  const expired =
    reward?.expiresAt !== undefined &&
    at !== undefined &&
    parseInstant(at, 'at') >= parseInstant(reward.expiresAt, 'expiresAt');
  if (reward === undefined || expired) return refusal('reward_not_found', 'This reward is not available.');
  const value = rewardValue(reward.effect, cart.lines, context.eligible, context.eligibleAmount, program.currency);
  if (!value.ok) {
    return value.code === 'currency_mismatch'
      ? refusal('currency_mismatch', `This reward is not valid for baskets in ${program.currency}.`)
      : refusal('nothing_eligible', 'This basket has nothing the reward applies to.');
  }
  // Trusting costPoints rather than where the reward was found keeps a catalog reward that a platform also
  // lists in the balance from becoming free; unlocked rewards cost 0 by definition.
  const cost = BigInt(reward.costPoints);
  if (context.available < cost) {
    return refusal('insufficient_points', `This reward costs ${cost} points; the customer has ${context.available}.`);
  }
  return buildQuote(context, cost, value.amount, value.lineIndexes, {
    rewardId: reward.id,
    ...(value.cappedToEligible ? { limitedBy: 'eligible_amount' as const } : {}),
  });
}

/**
 * Prices a redemption against a cart, the way both the register (offline) and the platform do it, so the
 * two agree to the cent. Business refusals are returned as `{ ok: false, code, message }`, never thrown.
 *
 * Checks, in order: the cart's currency (`currency_mismatch`), the store (`store_not_allowed`), the
 * redemption window at `cart.at ?? options.now` (`outside_window`), and that some of the basket is
 * eligible (`nothing_eligible`): the eligible amount is the sum of the totals of lines whose sku and
 * category are not excluded.
 *
 * Points and money: `pointValue.points` points are worth `pointValue.amount` minor units, and `p` points
 * are worth `⌊p × amount / points⌋` (a fraction of a cent is never paid out). Points may pay at most
 * `⌊eligible × maxBasketShareBasisPoints / 10000⌋`, so `maxPoints` is the most points, in multiples of
 * `step`, that the balance has and whose value stays within that share.
 *
 * - `points`: the requested points, clamped to the balance and the basket share, then down to a multiple
 *   of `step`; `limitedBy` names the limit that cut it.
 * - `amount`: the fewest points, in multiples of `step`, worth at least the amount (so the value may
 *   exceed it by up to one step's worth), then clamped like `points`.
 * - `max`: `maxPoints`; `limitedBy` says whether the balance or the basket share set it.
 * - A quote for points always spends at least `minPoints` (and at least one point): a balance below that
 *   is `insufficient_points`, a result below it is `below_minimum`.
 * - `reward`: the customer's own reward in `balance.rewards` is preferred over the catalog's
 *   (`program.rewards`); either costs its `costPoints`, which is 0 for an unlocked reward (a full stamp card,
 *   a birthday). Unknown or expired → `reward_not_found`; the balance must cover the cost →
 *   `insufficient_points`. Its value comes from {@link rewardValue}. A reward is not subject to
 *   `minPoints`, `step` or the basket share: it is priced in the catalog, and a free coffee must stay free
 *   even when the coffee is the whole basket.
 *
 * `allocations` spread the amount over the eligible lines by largest remainder weighted by their totals
 * (a free product: on its line), sum exactly to `amount`, never exceed a line's total, and omit lines that
 * get nothing.
 *
 * Throws a `ValidationError` only for broken input: an unknown time zone (`invalid_time_zone`), or a
 * redemption window with no time to check it against (`required`).
 *
 * @example
 * const quote = quoteRedemption(program, cart, balance, { type: 'amount', amount: { amount: 500, currency: 'EUR' } });
 * if (quote.ok) applyDiscount(quote.allocations);
 * else showCashier(quote.message);
 */
export function quoteRedemption(
  program: Program,
  cart: Cart,
  balance: RedeemableBalance,
  request: RedemptionRequest,
  options: QuoteRedemptionOptions = {},
): RedemptionQuoteResult {
  assertTimeZone(program.timeZone);
  const rules = program.redemption;
  const { currency } = program;
  if (cart.currency !== currency || (request.type === 'amount' && request.amount.currency !== currency)) {
    return refusal('currency_mismatch', `Points can only pay for baskets in ${currency}.`);
  }
  if (rules.stores !== undefined && !rules.stores.includes(cart.storeId)) {
    return refusal('store_not_allowed', 'Points cannot be redeemed in this store.');
  }
  const at = cart.at ?? options.now;
  if (rules.window !== undefined) {
    if (at === undefined) {
      throw new ValidationError('redemption quote', [
        { path: ['at'], code: 'required', message: 'the program has a redemption window: give cart.at or options.now' },
      ]);
    }
    if (!isWithinWindow(rules.window, at, program.timeZone)) {
      return refusal('outside_window', 'Points cannot be redeemed at this time.');
    }
  }

  const eligible = eligibleLineIndexes(rules, cart);
  const eligibleAmount = toSafeInteger(
    eligible.reduce((sum, index) => sum + BigInt(cart.lines[index]?.total.amount ?? 0), 0n),
    'eligible amount',
  );
  if (eligibleAmount === 0) return refusal('nothing_eligible', 'Nothing in this basket can be paid with points.');
  const available = BigInt(balance.points.available);
  const limits = redemptionLimits(rules, eligibleAmount, available);
  const context: QuoteContext = { program, cart, eligible, eligibleAmount, limits, available, at };
  if (request.type === 'reward') return quoteReward(context, request.rewardId, balance.rewards);

  // A redemption of zero points would put an empty hold on the customer's account.
  const minimum = BigInt(Math.max(rules.minPoints, 1));
  if (available < minimum) {
    return refusal('insufficient_points', `At least ${minimum} points are needed; the customer has ${available}.`);
  }
  const { points, limitedBy } =
    request.type === 'max'
      ? { points: limits.maxPoints, limitedBy: limits.capLimit }
      : limits.clamp(
          request.type === 'points' ? BigInt(request.points) : limits.pointsFor(BigInt(request.amount.amount)),
        );
  if (points < minimum) {
    return refusal('below_minimum', `At least ${minimum} points are needed; this request comes to ${points}.`);
  }
  const amount = toSafeInteger(limits.valueOf(points), 'amount');
  return buildQuote(context, points, amount, eligible, limitedBy === undefined ? {} : { limitedBy });
}
