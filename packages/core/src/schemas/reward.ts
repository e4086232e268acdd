import * as z from 'zod/mini';
import { NonNegativeMoneySchema } from '../money/money';
import { LabelSchema, OpaqueIdSchema, PointsSchema, TimestampSchema } from './common';

/** What a reward gives at the till. */
export const RewardEffectSchema = z.discriminatedUnion('type', [
  /** A fixed amount off the basket. */
  z.object({ type: z.literal('amount_off'), amount: NonNegativeMoneySchema }),
  /** A percentage off the basket, in basis points (2500 = 25 %). */
  z.object({ type: z.literal('percent_off'), basisPoints: z.int().check(z.gte(1), z.lte(10_000)) }),
  /** One unit of a product for free. */
  z.object({ type: z.literal('free_product'), sku: z.string().check(z.minLength(1), z.maxLength(64)) }),
]);
/** What a reward gives at the till. */
export type RewardEffect = z.infer<typeof RewardEffectSchema>;

/**
 * A reward: either bought with points from the program's catalog (`costPoints > 0`), or unlocked for a
 * customer by a rule (a full stamp card, a birthday) and free to use until it expires.
 */
export const RewardSchema = z.object({
  /** The reward's id. */
  id: OpaqueIdSchema,
  /** The name shown to the cashier and the customer. */
  name: LabelSchema,
  /** A longer description. */
  description: z.optional(z.string().check(z.maxLength(500))),
  /** Points it costs; zero for an unlocked reward. */
  costPoints: PointsSchema,
  /** What it gives at the till. */
  effect: RewardEffectSchema,
  /** Until when it can be used. */
  expiresAt: z.optional(TimestampSchema),
});
/** A reward. */
export type Reward = z.infer<typeof RewardSchema>;
