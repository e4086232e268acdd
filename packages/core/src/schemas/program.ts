import * as z from 'zod/mini';
import { NonNegativeMoneySchema } from '../money/money';
import { CurrencySchema, IdentifierSchema, LabelSchema, OpaqueIdSchema, PointsSchema, TimestampSchema } from './common';
import { RewardSchema } from './reward';

const CodeSchema = z.string().check(z.minLength(1), z.maxLength(64));
const ClockTimeSchema = z.string().check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)'));

/**
 * A multiplier such as `2` (double points) or `1.25`: positive, at most 100, at most four decimals.
 * Evaluated in integer basis points, never as a float.
 */
export const MultiplierSchema = z.number().check(
  z.positive(),
  z.lte(100),
  z.refine((value) => Math.abs(value * 10_000 - Math.round(value * 10_000)) <= 1e-6, {
    message: 'must have at most four decimals',
    params: { code: 'too_precise' },
  }),
);

/**
 * When a rule applies: between two instants, on some days of the week, between two clock times. Days and
 * times are read in the program's time zone. Every part is optional; an empty window is always open.
 */
export const TimeWindowSchema = z.object({
  /** From this instant (inclusive). */
  from: z.optional(TimestampSchema),
  /** Until this instant (exclusive). */
  until: z.optional(TimestampSchema),
  /** Days of the week, 0 = Sunday … 6 = Saturday. */
  daysOfWeek: z.optional(z.array(z.int().check(z.gte(0), z.lte(6))).check(z.minLength(1), z.maxLength(7))),
  /** From this local time of day (inclusive). */
  fromTime: z.optional(ClockTimeSchema),
  /** Until this local time of day (exclusive). */
  untilTime: z.optional(ClockTimeSchema),
});
/** When a rule applies. */
export type TimeWindow = z.infer<typeof TimeWindowSchema>;

const ruleBase = {
  /** The rule's id, named in earn breakdowns. */
  id: OpaqueIdSchema,
  /** A name for people. */
  name: z.optional(LabelSchema),
  /** When the rule applies (default: always). */
  window: z.optional(TimeWindowSchema),
};

/** Base earning: `points` for every `per` minor units of the line totals (e.g. 1 point per €1 = 100 cents). */
export const PerAmountRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('per_amount'),
  points: z.int().check(z.positive()),
  per: z.int().check(z.positive()),
});

/** Points for each qualifying visit (sale), optionally only when it contains a category. */
export const PerVisitRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('per_visit'),
  points: z.int().check(z.positive()),
  /** Only visits that buy something from this category count. */
  category: z.optional(CodeSchema),
});

/** A stamp card: one stamp per visit that buys from `category`; a full card unlocks `rewardId`. */
export const StampCardRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('stamp_card'),
  category: CodeSchema,
  stampsRequired: z.int().check(z.gte(2), z.lte(100)),
  rewardId: OpaqueIdSchema,
});

/** Base points of lines in `category` are multiplied (e.g. ×2 on organic produce). */
export const CategoryMultiplierRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('category_multiplier'),
  category: CodeSchema,
  multiplier: MultiplierSchema,
});

/** Extra points for each unit of a product. */
export const ProductBonusRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('product_bonus'),
  sku: CodeSchema,
  pointsPerUnit: z.int().check(z.positive()),
});

/** All base points are multiplied while the window is open (a weekend promotion). */
export const PromotionMultiplierRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('promotion_multiplier'),
  multiplier: MultiplierSchema,
});

/** Extra points for a sale within `daysAround` days of the customer's birthday (once per year). */
export const BirthdayBonusRuleSchema = z.object({
  ...ruleBase,
  type: z.literal('birthday_bonus'),
  points: z.int().check(z.positive()),
  daysAround: z.int().check(z.gte(0), z.lte(31)),
});

/** One way to earn. */
export const EarnRuleSchema = z.discriminatedUnion('type', [
  PerAmountRuleSchema,
  PerVisitRuleSchema,
  StampCardRuleSchema,
  CategoryMultiplierRuleSchema,
  ProductBonusRuleSchema,
  PromotionMultiplierRuleSchema,
  BirthdayBonusRuleSchema,
]);
/** One way to earn. */
export type EarnRule = z.infer<typeof EarnRuleSchema>;

/** A tier: reached at `threshold` qualifying points, multiplies base points, grants perks. */
export const TierSchema = z.object({
  id: OpaqueIdSchema,
  name: LabelSchema,
  /** Qualifying points needed; the lowest tier has 0. */
  threshold: PointsSchema,
  /** Multiplier on base points (1 = none). */
  multiplier: MultiplierSchema,
  /** Perks, as text for the cashier. */
  perks: z.array(LabelSchema),
});
/** A tier. */
export type Tier = z.infer<typeof TierSchema>;

/** How points may be spent at the till. */
export const RedemptionRulesSchema = z.object({
  /** The fewest points a redemption may use. */
  minPoints: PointsSchema,
  /** Redemptions use multiples of this many points (default 1). */
  step: z._default(z.int().check(z.positive()), 1),
  /** The exchange rate: `points` points are worth `amount` minor units. */
  pointValue: z.object({ points: z.int().check(z.positive()), amount: z.int().check(z.positive()) }),
  /** The largest share of the eligible basket points may pay, in basis points (5000 = half). */
  maxBasketShareBasisPoints: z.int().check(z.gte(1), z.lte(10_000)),
  /** Products that points cannot pay for. */
  excludedSkus: z._default(z.array(CodeSchema), []),
  /** Categories that points cannot pay for. */
  excludedCategories: z._default(z.array(CodeSchema), []),
  /** Stores where points can be redeemed (default: all). */
  stores: z.optional(z.array(IdentifierSchema)),
  /** When points can be redeemed (default: always). */
  window: z.optional(TimeWindowSchema),
  /**
   * `front_end`: the register takes the value off the bill. `back_end`: the platform pays the value out
   * later (to a wallet), and the bill is unchanged.
   */
  reductionMethod: z.enum(['front_end', 'back_end']),
});
/** How points may be spent. */
export type RedemptionRules = z.infer<typeof RedemptionRulesSchema>;

/** A voucher or discount code. */
export const VoucherSchema = z.object({
  code: CodeSchema,
  name: LabelSchema,
  /** Amount off (minor units) or percent off (basis points). */
  discount: z.discriminatedUnion('type', [
    z.object({ type: z.literal('amount_off'), amount: NonNegativeMoneySchema }),
    z.object({ type: z.literal('percent_off'), basisPoints: z.int().check(z.gte(1), z.lte(10_000)) }),
  ]),
  /** The smallest net basket it applies to, in minor units. */
  minBasket: z.optional(z.int().check(z.nonnegative())),
  /** When it is valid. */
  window: z.optional(TimeWindowSchema),
  /** How many times it can be used in all (default: unlimited). */
  maxUses: z.optional(z.int().check(z.positive())),
});
/** A voucher or discount code. */
export type Voucher = z.infer<typeof VoucherSchema>;

/** A loyalty program: how customers earn, the tiers, how they redeem, the rewards and the vouchers. */
export const ProgramSchema = z.object({
  id: OpaqueIdSchema,
  name: LabelSchema,
  /** The program's currency; transactions in other currencies earn nothing. */
  currency: CurrencySchema,
  /** IANA time zone in which rule windows are read, e.g. `Europe/Amsterdam`. */
  timeZone: z.string().check(z.minLength(1), z.maxLength(64)),
  /** What the program calls its points, e.g. `Beans`. */
  pointsName: z._default(LabelSchema, 'points'),
  /** Sales whose net total is below this (minor units) earn nothing (default 0). */
  minimumBasket: z._default(z.int().check(z.nonnegative()), 0),
  /** The earn rules. */
  earnRules: z.array(EarnRuleSchema).check(z.maxLength(100)),
  /** Tiers, lowest first (may be empty). */
  tiers: z.array(TierSchema).check(z.maxLength(20)),
  /** How points may be spent. */
  redemption: RedemptionRulesSchema,
  /** The reward catalog. */
  rewards: z.array(RewardSchema),
  /** Voucher and discount codes. */
  vouchers: z.array(VoucherSchema),
});
/** A loyalty program. */
export type Program = z.infer<typeof ProgramSchema>;
/** A loyalty program as written by hand. */
export type ProgramInput = z.input<typeof ProgramSchema>;
