import * as z from 'zod/mini';
import { LabelSchema, OpaqueIdSchema, TimestampSchema, TransactionIdSchema } from './common';

/** Why points moved. */
export const LedgerEntryTypeSchema = z.enum([
  /** Points earned by a sale. */
  'earn',
  /** Earned points taken back by a return or a void. */
  'reverse',
  /** Points reserved by a hold (available → held). */
  'hold',
  /** Held points returned by a release or an expiry (held → available). */
  'release',
  /** Held points spent by a sale (held → spent). */
  'redeem',
  /** Redeemed points given back by a return or a void. */
  'refund',
  /** A bonus (birthday, promotion) or a manual adjustment. */
  'adjust',
]);
/** Why points moved. */
export type LedgerEntryType = z.infer<typeof LedgerEntryTypeSchema>;

/** One movement of a customer's points, with its reason and the transaction or hold behind it. */
export const LedgerEntrySchema = z.object({
  id: OpaqueIdSchema,
  customerId: OpaqueIdSchema,
  type: LedgerEntryTypeSchema,
  /** Change to available points (negative when points leave the available balance). */
  points: z.int(),
  /** Available points after this entry. */
  availableAfter: z.int(),
  /** The id of the transaction behind it (unique per register). */
  transactionId: z.optional(TransactionIdSchema),
  /** The hold behind it. */
  holdId: z.optional(OpaqueIdSchema),
  /** The rule behind it (earn breakdown). */
  ruleId: z.optional(OpaqueIdSchema),
  /** A sentence for people. */
  reason: LabelSchema,
  /** Points that could not be taken back because the customer had already spent them. */
  shortfall: z.optional(z.int().check(z.positive())),
  occurredAt: TimestampSchema,
});
/** One movement of a customer's points. */
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** A page of a customer's ledger, newest first; pass `nextCursor` back as `cursor` for the next page. */
export const LedgerPageSchema = z.object({
  items: z.array(LedgerEntrySchema),
  nextCursor: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
});
/** A page of a customer's ledger. */
export type LedgerPage = z.infer<typeof LedgerPageSchema>;
