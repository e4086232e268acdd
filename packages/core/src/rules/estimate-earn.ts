import { ValidationError } from '../errors/validation-error';
import { allocateInteger } from '../money/allocate';
import { quantityToMilli } from '../money/money';
import type { TierStatus } from '../schemas/balance';
import { type EarnRule, type Program, type Tier, TierSchema } from '../schemas/program';
import type { Transaction, TransactionLine } from '../schemas/transaction';
import { isNearBirthday, parseBirthDate } from './birthday';
import type { EarnEstimate, EarnedStamps, EarnZeroReason } from './earn-estimate';
import { EarnLedger, type EarnSource } from './earn-ledger';
import { multiplierToBasisPoints, toSafeInteger } from './integer-math';
import { multiplyPoints } from './multiply-points';
import { isWithinWindow } from './time-window';
import { assertTimeZone, parseInstant, toLocalDateTime } from './zoned-time';

/** Who the customer is, as far as earning is concerned. */
export interface EstimateEarnOptions {
  /**
   * The customer's tier: its id in `program.tiers`, the program's tier, or the `TierStatus` a balance read
   * returns (found by its id). The program's multiplier for it scales base points.
   */
  tier?: Tier | TierStatus | string;
  /** The customer's birth date (`YYYY-MM-DD`), for `birthday_bonus` rules. */
  birthDate?: string;
  /**
   * Set when the bonus for the birthday near the sale was already credited, so it is not given twice. A
   * birthday is one occurrence (see `nearestBirthdayYear`): a sale on 1 January near a 30 December
   * birthday belongs to the year before.
   */
  birthdayBonusAlreadyGivenThisYear?: boolean;
}

type RuleOf<T extends EarnRule['type']> = Extract<EarnRule, { type: T }>;
type Indexed<T extends EarnRule['type']> = { rule: RuleOf<T>; source: EarnSource };

/**
 * The tier to earn with: a tier id, or a tier object, looked up by its id in the program (whose multiplier
 * is the one that counts), so the `TierStatus` a balance read returns works as well. A tier object the
 * program does not have is used as it is if it is a whole tier.
 */
function resolveTier(program: Program, tier: Tier | TierStatus | string | undefined): Tier | undefined {
  if (tier === undefined) return undefined;
  // Plain JavaScript may pass anything: null, or an object without an id.
  const id: unknown = typeof tier === 'string' ? tier : (tier as { id?: unknown } | null)?.id;
  const found = program.tiers.find((candidate) => candidate.id === id);
  if (found !== undefined) return found;
  if (typeof tier === 'string') {
    // A stale tier id silently earning at ×1 would under-credit the customer; make it loud instead.
    throw new ValidationError('earn options', [
      { path: ['tier'], code: 'unknown_tier', message: "must be the id of one of the program's tiers" },
    ]);
  }
  if (!TierSchema.safeParse(tier).success) {
    throw new ValidationError('earn options', [
      {
        path: ['tier'],
        code: 'invalid_tier',
        message: 'must be a tier id, a tier of the program, or a whole tier with its multiplier',
      },
    ]);
  }
  return tier as Tier;
}

function hasType<T extends EarnRule['type']>(rule: EarnRule, type: T): rule is RuleOf<T> {
  return rule.type === type;
}

/** The rules open at `at`, each with the source its points are booked to. */
function openRules(program: Program, at: string): { rule: EarnRule; source: EarnSource }[] {
  const open: { rule: EarnRule; source: EarnSource }[] = [];
  program.earnRules.forEach((rule, order) => {
    if (isWithinWindow(rule.window, at, program.timeZone)) {
      open.push({ rule, source: { ruleId: rule.id, type: rule.type, order } });
    }
  });
  return open;
}

function ofType<T extends EarnRule['type']>(
  open: readonly { rule: EarnRule; source: EarnSource }[],
  type: T,
): Indexed<T>[] {
  return open.flatMap(({ rule, source }) => (hasType(rule, type) ? [{ rule, source }] : []));
}

/** Spreads `points` over `indexes` by largest remainder, weighted by those lines' totals, and books it. */
function creditByValue(
  ledger: EarnLedger,
  source: EarnSource,
  points: number,
  lines: readonly TransactionLine[],
  indexes: readonly number[],
): void {
  const shares = allocateInteger(
    points,
    indexes.map((index) => lines[index]?.total.amount ?? 0),
  );
  shares.forEach((share, position) => {
    ledger.credit(source, indexes[position] ?? 0, BigInt(share));
  });
}

/**
 * Books base points: each open `per_amount` rule's points for the whole basket, floored once, spread over
 * the lines by largest remainder weighted by their totals. Returns every line's base points.
 */
function creditBasePoints(
  ledger: EarnLedger,
  lines: readonly TransactionLine[],
  rules: readonly Indexed<'per_amount'>[],
): bigint[] {
  const base = lines.map(() => 0n);
  const totals = lines.map((line) => line.total.amount);
  const basketTotal = lines.reduce((sum, line) => sum + BigInt(line.total.amount), 0n);
  for (const { rule, source } of rules) {
    const points = toSafeInteger((basketTotal * BigInt(rule.points)) / BigInt(rule.per), 'points earned');
    allocateInteger(points, totals).forEach((share, index) => {
      base[index] = (base[index] ?? 0n) + BigInt(share);
      ledger.credit(source, index, BigInt(share));
    });
  }
  return base;
}

/**
 * Books what the multipliers add to the base points. Lines with the same multipliers (the open category
 * multipliers matching the line and the promotion multipliers, in program order, then the tier) form one
 * group: its extra is computed on the group's base points, floored once (see {@link multiplyPoints}), and
 * attributed to its lines by largest remainder weighted by their base points. Per line, a Silver ×1.25
 * customer buying four €1 coffees on four lines would earn ⌊1 × 1.25⌋ = 1 point a line, and the tier
 * nothing; on the group, ⌊4 × 1.25⌋ = 5.
 */
function creditMultipliers(
  ledger: EarnLedger,
  lines: readonly TransactionLine[],
  base: readonly bigint[],
  open: readonly { rule: EarnRule; source: EarnSource }[],
  tier: Tier | undefined,
  tierOrder: number,
): void {
  const groups = new Map<string, { indexes: number[]; factors: { source: EarnSource; basisPoints: bigint }[] }>();
  lines.forEach((line, index) => {
    if ((base[index] ?? 0n) === 0n) return;
    const factors = open.flatMap(({ rule, source }) =>
      rule.type === 'promotion_multiplier' || (rule.type === 'category_multiplier' && rule.category === line.category)
        ? [{ source, basisPoints: multiplierToBasisPoints(rule.multiplier) }]
        : [],
    );
    if (tier !== undefined) {
      factors.push({
        source: { ruleId: tier.id, type: 'tier', order: tierOrder },
        basisPoints: multiplierToBasisPoints(tier.multiplier),
      });
    }
    if (factors.length === 0) return;
    const key = factors.map(({ source }) => `${source.type}:${source.order}`).join('|');
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { indexes: [index], factors });
    else group.indexes.push(index);
  });
  for (const { indexes, factors } of groups.values()) {
    const weights = indexes.map((index) => toSafeInteger(base[index] ?? 0n, 'points earned'));
    const groupBase = indexes.reduce((sum, index) => sum + (base[index] ?? 0n), 0n);
    const contributions = multiplyPoints(
      groupBase,
      factors.map((factor) => factor.basisPoints),
    );
    factors.forEach(({ source }, position) => {
      const extra = toSafeInteger(contributions[position] ?? 0n, 'points earned');
      allocateInteger(extra, weights).forEach((share, at) => {
        ledger.credit(source, indexes[at] ?? 0, BigInt(share));
      });
    });
  }
}

function emptyEstimate(transaction: Transaction, tier: Tier | undefined, reason: EarnZeroReason): EarnEstimate {
  return {
    points: 0,
    lines: transaction.lines.map((_, lineIndex) => ({ lineIndex, points: 0 })),
    rules: [],
    stamps: [],
    ...(tier === undefined ? {} : { tierId: tier.id }),
    reason,
  };
}

/**
 * The points (and stamps) a sale earns under `program`. Pure and deterministic, so a register's offline
 * receipt estimate and the platform's credit agree to the point. Expects a parsed transaction
 * (`parseTransaction`): its line totals are trusted, not re-checked.
 *
 * Only a `sale` in the program's currency whose net total reaches `program.minimumBasket` earns (otherwise
 * every line gets zero and `reason` says why). Rules whose window is closed at `occurredAt` (read in the
 * program's time zone) are skipped. Then, all in integers:
 *
 * - **Base points** (`per_amount`): `⌊Σ line totals × points / per⌋` for the whole basket, then attributed to
 *   lines by largest remainder weighted by line totals. Flooring per line would lose up to a point per line
 *   (three €0.99 coffees would earn nothing at 1 point per €1); flooring once loses less than one point per
 *   sale, and the attribution still sums exactly. Line totals are after line discounts.
 * - **Multipliers** (`category_multiplier` on lines of its category, `promotion_multiplier` on every line,
 *   and the tier's `multiplier`) combine multiplicatively on the base points of the lines they apply to
 *   and are rounded down once per group of lines with the same multipliers: `⌊base × m₁ × m₂ × …⌋`, in
 *   integer basis points, then attributed to those lines by largest remainder. So splitting a basket into
 *   more lines never loses a multiplier's points. Weekend ×2 on organic ×2 is ×4. The extra
 *   is attributed to the multipliers in program order (the tier last) by telescoping floors: multiplier
 *   *i* gets `⌊base × m₁…mᵢ⌋ − ⌊base × m₁…mᵢ₋₁⌋`, which sums exactly to the group's extra. A multiplier below 1
 *   (allowed by the schema) reduces points and shows as a negative rule entry; a line never goes below zero.
 * - **Product bonus**: `pointsPerUnit × ⌊quantity⌋` for lines with the rule's sku; 1.75 kg of a weighed
 *   product counts as one unit, because a bonus "per unit" has no sensible fraction.
 * - **Per visit**: `points` once per sale (when `category` is set, only if a line has that category),
 *   attributed to the qualifying lines by value so that returns reverse it line by line.
 * - **Stamp card**: one stamp per sale containing the category; stamps are reported apart from points.
 * - **Birthday bonus**: `points` once when `birthDate` is given, the bonus was not given this year yet, and
 *   the sale's local date is within `daysAround` days of the birthday (see {@link isNearBirthday});
 *   attributed to all lines by value.
 *
 * Per-visit, product and birthday points are not multiplied: multipliers scale spending, not bonuses.
 *
 * Throws a `ValidationError` for an unknown time zone (`invalid_time_zone`), an unknown tier id
 * (`unknown_tier`) or a malformed birth date (`invalid_date`).
 *
 * @example
 * const estimate = estimateEarn(program, parseTransaction(input), { tier: 'silver' });
 * printOnReceipt(`You earned ${estimate.points} ${program.pointsName}`);
 */
export function estimateEarn(
  program: Program,
  transaction: Transaction,
  given: EstimateEarnOptions = {},
): EarnEstimate {
  // Plain JavaScript may pass null for "no options".
  const options = given ?? {};
  assertTimeZone(program.timeZone);
  const tier = resolveTier(program, options.tier);
  // Checked up front so a bad birth date fails the same way whether or not a birthday rule is open.
  const birthday = options.birthDate === undefined ? undefined : parseBirthDate(options.birthDate);
  if (transaction.kind !== 'sale') return emptyEstimate(transaction, tier, 'not_a_sale');
  if (transaction.currency !== program.currency) return emptyEstimate(transaction, tier, 'currency_mismatch');
  if (transaction.totals.net.amount < program.minimumBasket) {
    return emptyEstimate(transaction, tier, 'below_minimum_basket');
  }

  const { lines, occurredAt: at } = transaction;
  const allIndexes = lines.map((_, index) => index);
  const ledger = new EarnLedger(lines.length);
  const open = openRules(program, at);

  const base = creditBasePoints(ledger, lines, ofType(open, 'per_amount'));
  creditMultipliers(ledger, lines, base, open, tier, program.earnRules.length);

  for (const { rule, source } of ofType(open, 'product_bonus')) {
    lines.forEach((line, index) => {
      if (line.sku !== rule.sku) return;
      const wholeUnits = BigInt(Math.floor(quantityToMilli(line.quantity) / 1000));
      ledger.credit(source, index, BigInt(rule.pointsPerUnit) * wholeUnits);
    });
  }

  for (const { rule, source } of ofType(open, 'per_visit')) {
    const qualifying = allIndexes.filter(
      (index) => rule.category === undefined || lines[index]?.category === rule.category,
    );
    if (qualifying.length > 0) creditByValue(ledger, source, rule.points, lines, qualifying);
  }

  const stamps: EarnedStamps[] = [];
  for (const { rule } of ofType(open, 'stamp_card')) {
    if (lines.some((line) => line.category === rule.category)) {
      stamps.push({ ruleId: rule.id, stamps: 1, stampsRequired: rule.stampsRequired, rewardId: rule.rewardId });
    }
  }

  if (birthday !== undefined && options.birthdayBonusAlreadyGivenThisYear !== true) {
    const localDate = toLocalDateTime(parseInstant(at, 'occurredAt'), program.timeZone);
    for (const { rule, source } of ofType(open, 'birthday_bonus')) {
      if (isNearBirthday(localDate, birthday, rule.daysAround)) {
        creditByValue(ledger, source, rule.points, lines, allIndexes);
      }
    }
  }

  return {
    points: ledger.total(),
    lines: ledger.lines(),
    rules: ledger.rules(),
    stamps,
    ...(tier === undefined ? {} : { tierId: tier.id }),
  };
}
