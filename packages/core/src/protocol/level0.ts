import * as z from 'zod/mini';
import { TransactionIdSchema } from '../schemas/common';
import { ProblemSchema } from '../schemas/problem';
import { ProductSchema } from '../schemas/product';
import { TransactionSchema } from '../schemas/transaction';
import { limits } from './constants';

/** An idempotency key: 1–512 printable ASCII characters. */
export const IdempotencyKeySchema = z
  .string()
  .check(
    z.regex(/^[\x21-\x7E]+$/, 'must be printable ASCII without spaces'),
    z.maxLength(limits.maxIdempotencyKeyLength),
  );

/** One transaction in a batch, with the idempotency key that makes its delivery safe to repeat. */
export const TransactionBatchItemSchema = z.object({
  idempotencyKey: IdempotencyKeySchema,
  transaction: TransactionSchema,
});
/** One transaction in a batch. */
export type TransactionBatchItem = z.infer<typeof TransactionBatchItemSchema>;

/** `POST /v1/transactions:batch` request body. */
export const TransactionBatchRequestSchema = z.object({
  items: z.array(TransactionBatchItemSchema).check(z.minLength(1), z.maxLength(limits.maxBatchItems)),
});
/** `POST /v1/transactions:batch` request body. */
export type TransactionBatchRequest = z.infer<typeof TransactionBatchRequestSchema>;
/** A batch request as a caller writes it. */
export type TransactionBatchRequestInput = z.input<typeof TransactionBatchRequestSchema>;

const pointsOutcome = {
  /** Points the transaction earned; negative when a return or void reverses earlier earning. */
  pointsEarned: z.optional(z.int()),
  /** Points the transaction redeemed through its holds; negative when a return refunds them. */
  pointsRedeemed: z.optional(z.int()),
};

/**
 * The outcome of one transaction in a batch: `accepted` (recorded now), `duplicate` (recorded before under
 * the same key; carries the first outcome) or `rejected` (will never be accepted as it is; carries a
 * problem with a stable code).
 */
export const TransactionItemResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('accepted'),
    idempotencyKey: IdempotencyKeySchema,
    transactionId: TransactionIdSchema,
    ...pointsOutcome,
  }),
  z.object({
    status: z.literal('duplicate'),
    idempotencyKey: IdempotencyKeySchema,
    transactionId: TransactionIdSchema,
    ...pointsOutcome,
  }),
  z.object({
    status: z.literal('rejected'),
    idempotencyKey: IdempotencyKeySchema,
    transactionId: z.optional(TransactionIdSchema),
    problem: ProblemSchema,
  }),
]);
/** The outcome of one transaction in a batch. */
export type TransactionItemResult = z.infer<typeof TransactionItemResultSchema>;

/** `POST /v1/transactions:batch` response body: one result per item, in the order sent. */
export const TransactionBatchResponseSchema = z.object({
  results: z.array(TransactionItemResultSchema),
});
/** `POST /v1/transactions:batch` response body. */
export type TransactionBatchResponse = z.infer<typeof TransactionBatchResponseSchema>;

/** A content hash of a product, as the client computed it; the platform stores it and compares. */
export const ContentHashSchema = z.string().check(z.regex(/^[A-Za-z0-9:_-]{8,128}$/, 'must be 8-128 hash characters'));

/** `POST /v1/products:sync` request body: a chunk of changed products and removed SKUs. */
export const ProductSyncRequestSchema = z.object({
  /** Groups the chunks of one sync run, for the platform's reports. */
  syncId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** Products created or changed since the last sync, each with its content hash. */
  upserts: z._default(
    z.array(z.object({ product: ProductSchema, hash: ContentHashSchema })).check(z.maxLength(limits.maxProductChunk)),
    [],
  ),
  /** SKUs no longer in the catalog. */
  removals: z._default(
    z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(limits.maxProductChunk)),
    [],
  ),
});
/** `POST /v1/products:sync` request body. */
export type ProductSyncRequest = z.infer<typeof ProductSyncRequestSchema>;
/** A product sync request as a caller writes it. */
export type ProductSyncRequestInput = z.input<typeof ProductSyncRequestSchema>;

/** The outcome of one product in a sync chunk. */
export const ProductSyncResultSchema = z.object({
  sku: z.string(),
  status: z.enum(['created', 'updated', 'unchanged', 'removed', 'rejected']),
  problem: z.optional(ProblemSchema),
});
/** The outcome of one product in a sync chunk. */
export type ProductSyncResult = z.infer<typeof ProductSyncResultSchema>;

/** `POST /v1/products:sync` response body: one result per upsert and per removal, in the order sent. */
export const ProductSyncResponseSchema = z.object({
  results: z.array(ProductSyncResultSchema),
});
/** `POST /v1/products:sync` response body. */
export type ProductSyncResponse = z.infer<typeof ProductSyncResponseSchema>;
