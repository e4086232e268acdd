import * as z from 'zod/mini';
import { NonNegativeMoneySchema } from '../money/money';
import { LabelSchema, OpaqueIdSchema, PointsSchema, TimestampSchema } from './common';
import { RewardSchema } from './reward';

/** The customer's tier and how far they are from the next one. */
export const TierStatusSchema = z.object({
  /** The tier's id, e.g. `silver`. */
  id: OpaqueIdSchema,
  /** Its name, e.g. `Silver`. */
  name: LabelSchema,
  /** Qualifying points collected in the current period. */
  qualifyingPoints: PointsSchema,
  /** The next tier up and the qualifying points still missing; absent at the top tier. */
  next: z.optional(
    z.object({
      id: OpaqueIdSchema,
      name: LabelSchema,
      threshold: PointsSchema,
      remaining: PointsSchema,
    }),
  ),
  /** Perks of the tier, as text for the cashier. */
  perks: z.array(LabelSchema),
});
/** The customer's tier and progress to the next. */
export type TierStatus = z.infer<typeof TierStatusSchema>;

/** A stored-value wallet: a gift card or store credit. */
export const WalletSchema = z.object({
  /** The wallet's id. */
  id: OpaqueIdSchema,
  /** Gift card or store credit. */
  type: z.enum(['gift_card', 'store_credit']),
  /** What is left on it. */
  balance: NonNegativeMoneySchema,
  /** The last four characters of the card code, for the cashier. */
  codeLast4: z.optional(z.string().check(z.maxLength(4))),
  /** When it expires. */
  expiresAt: z.optional(TimestampSchema),
});
/** A gift card or store credit. */
export type Wallet = z.infer<typeof WalletSchema>;

/** A customer's points, tier, rewards and wallets at one moment. */
export const BalanceSchema = z.object({
  /** The customer's loyalty id. */
  customerId: OpaqueIdSchema,
  /** Points. `available` can be spent; `held` is reserved by open holds; `pending` is not yet spendable. */
  points: z.object({
    available: PointsSchema,
    held: PointsSchema,
    pending: PointsSchema,
    lifetime: PointsSchema,
  }),
  /** What the available points are worth at the program's redemption rate. */
  monetaryValue: NonNegativeMoneySchema,
  /** The tier, when the program has tiers. */
  tier: z.optional(TierStatusSchema),
  /** Rewards the customer can use now. */
  rewards: z.array(RewardSchema),
  /** Stamp cards in progress: stamps collected towards each card's reward. */
  stampCards: z.array(
    z.object({
      ruleId: OpaqueIdSchema,
      stamps: z.int().check(z.nonnegative()),
      stampsRequired: z.int().check(z.positive()),
    }),
  ),
  /** Gift cards and store credit. */
  wallets: z.array(WalletSchema),
  /** Increases with every change; apply a pushed balance only if its version is higher. */
  version: z.int().check(z.nonnegative()),
  /** When the platform computed it. */
  asOf: TimestampSchema,
});
/** A customer's balance. */
export type Balance = z.infer<typeof BalanceSchema>;
