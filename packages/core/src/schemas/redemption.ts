import * as z from 'zod/mini';
import { NonNegativeMoneySchema } from '../money/money';
import { CurrencySchema, IdentifierSchema, OpaqueIdSchema, PointsSchema, TimestampSchema } from './common';
import { TransactionLineSchema } from './transaction';

/** The basket at the till, before payment: what a redemption is quoted against. */
export const CartSchema = z.object({
  storeId: IdentifierSchema,
  registerId: IdentifierSchema,
  currency: CurrencySchema,
  lines: z.array(TransactionLineSchema).check(z.minLength(1), z.maxLength(1_000)),
  /** When the redemption happens (default: now); windows are checked against it. */
  at: z.optional(TimestampSchema),
});
/** The basket at the till. */
export type Cart = z.infer<typeof CartSchema>;
/** A cart as a caller writes it. */
export type CartInput = z.input<typeof CartSchema>;

/** What the customer wants to redeem. */
export const RedemptionRequestSchema = z.discriminatedUnion('type', [
  /** Exactly this many points (fewer if a limit applies; the quote says which). */
  z.object({ type: z.literal('points'), points: z.int().check(z.positive()) }),
  /** Points worth this much off the basket. */
  z.object({ type: z.literal('amount'), amount: NonNegativeMoneySchema }),
  /** As many points as the rules and the balance allow. */
  z.object({ type: z.literal('max') }),
  /** A reward from the catalog, bought with its cost in points (or an unlocked reward, for free). */
  z.object({ type: z.literal('reward'), rewardId: OpaqueIdSchema }),
]);
/** What the customer wants to redeem. */
export type RedemptionRequest = z.infer<typeof RedemptionRequestSchema>;

/** Why a redemption cannot be quoted. Stable codes. */
export const RedemptionRefusalCodeSchema = z.enum([
  'below_minimum',
  'insufficient_points',
  'nothing_eligible',
  'store_not_allowed',
  'outside_window',
  'reward_not_found',
  'currency_mismatch',
]);
/** Why a redemption cannot be quoted. */
export type RedemptionRefusalCode = z.infer<typeof RedemptionRefusalCodeSchema>;

/** Which limit made a quote smaller than requested. */
export const RedemptionLimitSchema = z.enum(['balance', 'basket_share', 'step', 'eligible_amount']);

/** A priced redemption: how many points, what they take off, and how the amount spreads over the lines. */
export const RedemptionQuoteSchema = z.object({
  ok: z.literal(true),
  /** Points to reserve and spend. */
  points: PointsSchema,
  /** What they take off the basket (front end) or pay out later (back end). */
  amount: NonNegativeMoneySchema,
  /** The amount spread over the lines by largest remainder, summing exactly to `amount`. */
  allocations: z.array(z.object({ lineIndex: z.int().check(z.nonnegative()), amount: NonNegativeMoneySchema })),
  /** The most points this basket and balance allow. */
  maxPoints: PointsSchema,
  /** The part of the basket points may pay for. */
  eligibleAmount: NonNegativeMoneySchema,
  /** Set when a limit made the quote smaller than requested. */
  limitedBy: z.optional(RedemptionLimitSchema),
  /** Whether the register takes the amount off the bill (front end) or not (back end). */
  reductionMethod: z.enum(['front_end', 'back_end']),
  /** The reward bought, for a reward redemption. */
  rewardId: z.optional(OpaqueIdSchema),
});
/** A priced redemption. */
export type RedemptionQuote = z.infer<typeof RedemptionQuoteSchema>;

/** A redemption that cannot be made, with a stable code and a sentence for the cashier. */
export const RedemptionRefusalSchema = z.object({
  ok: z.literal(false),
  code: RedemptionRefusalCodeSchema,
  message: z.string(),
});
/** A redemption that cannot be made. */
export type RedemptionRefusal = z.infer<typeof RedemptionRefusalSchema>;

/** The answer to a quote: a {@link RedemptionQuote} or a {@link RedemptionRefusal}. */
export const RedemptionQuoteResultSchema = z.discriminatedUnion('ok', [RedemptionQuoteSchema, RedemptionRefusalSchema]);
/** The answer to a quote. */
export type RedemptionQuoteResult = z.infer<typeof RedemptionQuoteResultSchema>;
