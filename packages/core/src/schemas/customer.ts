import * as z from 'zod/mini';
import { DateSchema, LabelSchema, OpaqueIdSchema, TimestampSchema } from './common';

/** A card code as printed or encoded on a loyalty card: 4–64 letters, digits or `-`. */
export const CardCodeSchema = z.string().check(z.regex(/^[A-Za-z0-9-]{4,64}$/, 'must be 4-64 letters, digits or "-"'));
/** A phone number in E.164 form, e.g. `+31612345678`. */
export const PhoneSchema = z.e164();
/** An email address. Matching is case-insensitive. */
export const EmailSchema = z.email().check(z.maxLength(254));

/**
 * How the register identifies a customer: by loyalty id, by a card code (scanned or typed), by phone
 * (E.164), by email, or by the id the customer has in the merchant's own systems.
 *
 * @example
 * ```ts
 * const who: CustomerRef = { type: 'phone', value: '+31612345678' };
 * ```
 */
export const CustomerRefSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('loyalty_id'), value: OpaqueIdSchema }),
  z.object({ type: z.literal('card'), value: CardCodeSchema }),
  z.object({ type: z.literal('phone'), value: PhoneSchema }),
  z.object({ type: z.literal('email'), value: EmailSchema }),
  z.object({ type: z.literal('external_id'), value: OpaqueIdSchema }),
]);
/** How the register identifies a customer. */
export type CustomerRef = z.infer<typeof CustomerRefSchema>;
/** The kinds of {@link CustomerRef}. */
export type CustomerRefType = CustomerRef['type'];

/** Whether a customer's membership can earn and redeem. */
export const CustomerStatusSchema = z.enum(['active', 'blocked', 'closed']);

/** A loyalty member as the platform knows them. */
export const CustomerSchema = z.object({
  /** The loyalty id. */
  id: OpaqueIdSchema,
  /** Membership status; only `active` members earn and redeem. */
  status: CustomerStatusSchema,
  /** Given name, for the cashier's greeting. */
  firstName: z.optional(LabelSchema),
  /** Family name. */
  lastName: z.optional(LabelSchema),
  /** E.164 phone number. Personal data: never logged. */
  phone: z.optional(PhoneSchema),
  /** Email address. Personal data: never logged. */
  email: z.optional(EmailSchema),
  /** Loyalty card codes linked to the member. */
  cardCodes: z.array(CardCodeSchema),
  /** Ids in the merchant's own systems (e-shop, CRM). */
  externalIds: z.optional(z.array(OpaqueIdSchema)),
  /** Birth date, for birthday rewards. */
  birthDate: z.optional(DateSchema),
  /** When the member joined. */
  enrolledAt: TimestampSchema,
  /** Increases with every change to the member; lets a register ignore stale updates. */
  version: z.int().check(z.nonnegative()),
});
/** A loyalty member. */
export type Customer = z.infer<typeof CustomerSchema>;
