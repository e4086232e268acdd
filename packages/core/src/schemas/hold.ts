import * as z from 'zod/mini';
import { NonNegativeMoneySchema } from '../money/money';
import { IdentifierSchema, OpaqueIdSchema, PointsSchema, TimestampSchema, TransactionIdSchema } from './common';

/** Where a hold is in its life: reserved, then committed by a sale or released (by a void or its TTL). */
export const HoldStatusSchema = z.enum(['active', 'committed', 'released', 'expired']);
/** The status of a hold. */
export type HoldStatus = z.infer<typeof HoldStatusSchema>;

/**
 * Points reserved for a redemption at one register. A sale that carries the hold's id commits it; a void
 * or the end of its time to live releases it. Holds make redemption safe when two registers serve the
 * same customer at once.
 */
export const HoldSchema = z.object({
  /** The hold's id. */
  id: OpaqueIdSchema,
  /** Whose points are held. */
  customerId: OpaqueIdSchema,
  /** How many points are held. */
  points: PointsSchema,
  /** What they are worth off the basket. */
  amount: NonNegativeMoneySchema,
  /** Active, committed, released or expired. */
  status: HoldStatusSchema,
  /** The store that reserved it. */
  storeId: IdentifierSchema,
  /** The register that reserved it. */
  registerId: IdentifierSchema,
  /** When it was reserved. */
  createdAt: TimestampSchema,
  /** When an active hold expires and the points return. */
  expiresAt: TimestampSchema,
  /** The sale that committed it. */
  transactionId: z.optional(TransactionIdSchema),
});
/** Points reserved for a redemption. */
export type Hold = z.infer<typeof HoldSchema>;
