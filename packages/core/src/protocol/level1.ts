import * as z from 'zod/mini';
import { IdentifierSchema, OpaqueIdSchema, TransactionIdSchema } from '../schemas/common';
import { CustomerRefSchema, CustomerSchema } from '../schemas/customer';
import { CartSchema, RedemptionRequestSchema } from '../schemas/redemption';

/**
 * `POST /v1/customers:lookup` request body. A POST, not a GET with a query, so that phone numbers and
 * email addresses never end up in URLs, proxy logs or browser history.
 */
export const CustomerLookupRequestSchema = z.object({ ref: CustomerRefSchema });
/** `POST /v1/customers:lookup` request body. */
export type CustomerLookupRequest = z.infer<typeof CustomerLookupRequestSchema>;

/** `POST /v1/customers:lookup` response body. */
export const CustomerLookupResponseSchema = z.object({ customer: CustomerSchema });
/** `POST /v1/customers:lookup` response body. */
export type CustomerLookupResponse = z.infer<typeof CustomerLookupResponseSchema>;

/** `POST /v1/redemptions:quote` request body. */
export const RedemptionQuoteRequestSchema = z.object({
  customerId: OpaqueIdSchema,
  cart: CartSchema,
  request: RedemptionRequestSchema,
});
/** `POST /v1/redemptions:quote` request body. */
export type RedemptionQuoteRequest = z.infer<typeof RedemptionQuoteRequestSchema>;

/** `POST /v1/holds` request body: reserve points for a redemption at this register. */
export const HoldRequestSchema = z.object({
  customerId: OpaqueIdSchema,
  storeId: IdentifierSchema,
  registerId: IdentifierSchema,
  /** Points to reserve (usually a quote's `points`). */
  points: z.int().check(z.positive()),
  /** The reward bought with them, for a reward redemption. */
  rewardId: z.optional(OpaqueIdSchema),
  /** How long the hold lives before it is released, in seconds (default 900, at most 86,400). */
  ttlSeconds: z.optional(z.int().check(z.gte(10), z.lte(86_400))),
});
/** `POST /v1/holds` request body. */
export type HoldRequest = z.infer<typeof HoldRequestSchema>;

/** `POST /v1/holds/{id}:commit` request body: the sale that spends the hold. */
export const HoldCommitRequestSchema = z.object({ transactionId: TransactionIdSchema });
/** `POST /v1/holds/{id}:commit` request body. */
export type HoldCommitRequest = z.infer<typeof HoldCommitRequestSchema>;
