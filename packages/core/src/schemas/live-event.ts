import * as z from 'zod/mini';
import { BalanceSchema } from './balance';
import { IdentifierSchema, LabelSchema, OpaqueIdSchema, TimestampSchema } from './common';
import { RewardSchema } from './reward';

const eventBase = {
  /** The event's id, unique per platform. */
  id: OpaqueIdSchema,
  /** When it happened on the platform. */
  occurredAt: TimestampSchema,
};

const customerEventBase = {
  ...eventBase,
  /** The customer it concerns. */
  customerId: OpaqueIdSchema,
};

/** A customer's balance changed; carries the new balance with its `version`. */
export const BalanceUpdatedEventSchema = z.object({
  ...customerEventBase,
  type: z.literal('balance.updated'),
  balance: BalanceSchema,
});

/** A customer moved up or down a tier. */
export const TierChangedEventSchema = z.object({
  ...customerEventBase,
  type: z.literal('tier.changed'),
  /** The tier they left; absent when they had none. */
  fromTierId: z.optional(OpaqueIdSchema),
  /** The tier they are in now. */
  toTierId: OpaqueIdSchema,
  /** Up or down. */
  direction: z.enum(['up', 'down']),
  /** The customer's balance version after the change. */
  version: z.int().check(z.nonnegative()),
});

/** A reward became available to a customer (a full stamp card, a birthday, bought with points). */
export const RewardUnlockedEventSchema = z.object({
  ...customerEventBase,
  type: z.literal('reward.unlocked'),
  reward: RewardSchema,
});

/** A customer's reward expired unused. */
export const RewardExpiredEventSchema = z.object({
  ...customerEventBase,
  type: z.literal('reward.expired'),
  rewardId: OpaqueIdSchema,
});

/** A hold ran past its time to live; its points are available again. */
export const HoldExpiredEventSchema = z.object({
  ...customerEventBase,
  type: z.literal('hold.expired'),
  holdId: OpaqueIdSchema,
});

/** A customer's profile changed (name, contact details, status); refetch it if it is on screen. */
export const CustomerUpdatedEventSchema = z.object({
  ...customerEventBase,
  type: z.literal('customer.updated'),
  version: z.int().check(z.nonnegative()),
});

/** A message from the platform for the cashier: an offer to mention, a warning about the account. */
export const CashierMessageEventSchema = z.object({
  ...eventBase,
  type: z.literal('cashier.message'),
  /** The customer it is about, if any. */
  customerId: z.optional(OpaqueIdSchema),
  /** The store it is for; absent means every store. */
  storeId: z.optional(IdentifierSchema),
  /** The register it is for; absent means every register of the store. */
  registerId: z.optional(IdentifierSchema),
  /** The text to show. */
  text: LabelSchema,
  /** How prominently to show it. */
  severity: z.enum(['info', 'offer', 'warning']),
  /** When to stop showing it. */
  expiresAt: z.optional(TimestampSchema),
});

/** Something that changed on the platform, pushed to registers over the live link. */
export const LiveEventSchema = z.discriminatedUnion('type', [
  BalanceUpdatedEventSchema,
  TierChangedEventSchema,
  RewardUnlockedEventSchema,
  RewardExpiredEventSchema,
  HoldExpiredEventSchema,
  CustomerUpdatedEventSchema,
  CashierMessageEventSchema,
]);
/** Something that changed on the platform. */
export type LiveEvent = z.infer<typeof LiveEventSchema>;
/** The kinds of {@link LiveEvent}. */
export type LiveEventType = LiveEvent['type'];
