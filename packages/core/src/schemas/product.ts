import * as z from 'zod/mini';
import { NonNegativeMoneySchema } from '../money/money';
import { LabelSchema } from './common';

/** What kind of thing a product is. */
export const ProductTypeSchema = z.enum(['physical', 'service', 'gift_card', 'digital']);

/** A catalog product, as synchronised to the platform for product rules and reporting. */
export const ProductSchema = z.object({
  /** Stock-keeping unit: the product's key. */
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The product's name. */
  name: LabelSchema,
  /** Physical goods, a service, a gift card or a digital good. */
  type: ProductTypeSchema,
  /** The brand. */
  brand: z.optional(LabelSchema),
  /** The product family (a group of variants). */
  family: z.optional(LabelSchema),
  /** Category codes, most specific last (e.g. `['drinks', 'coffee']`). */
  categories: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(10)),
  /** The shelf price. */
  price: NonNegativeMoneySchema,
  /** GTIN / EAN barcodes. */
  barcodes: z.optional(z.array(z.string().check(z.regex(/^\d{8,14}$/, 'must be 8-14 digits'))).check(z.maxLength(10))),
  /** Whether it is still sold (default true). */
  active: z._default(z.boolean(), true),
});
/** A catalog product. */
export type Product = z.infer<typeof ProductSchema>;
/** A catalog product as a caller writes it. */
export type ProductInput = z.input<typeof ProductSchema>;
