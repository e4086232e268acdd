import { contentHash } from '../idempotency/content-hash';
import type { ProductSyncRequest, TransactionBatchRequest } from './level0';

/**
 * The idempotency key of a transaction batch: `llb1-` and the hash of its items' keys, in order, one per
 * line. The same batch resent after a crash gets the same key, so the platform replays its stored answer
 * instead of processing it twice (docs/protocol.md §3). Item keys are printable ASCII without whitespace,
 * so joining them with a newline is unambiguous.
 */
export function transactionBatchIdempotencyKey(request: {
  items: readonly Pick<TransactionBatchRequest['items'][number], 'idempotencyKey'>[];
}): string {
  return `llb1-${contentHash(request.items.map((item) => item.idempotencyKey).join('\n'))}`;
}

/**
 * The idempotency key of a product sync chunk: `llp1-` and the hash of its sync id, upserted SKUs with their
 * content hashes, and removed SKUs (JSON-encoded, since SKUs may hold any character). Products are
 * identified by their content hash, so the same chunk resent gets the same key.
 */
export function productSyncIdempotencyKey(
  request: Pick<ProductSyncRequest, 'syncId' | 'upserts' | 'removals'>,
): string {
  const content = JSON.stringify([
    request.syncId ?? null,
    request.upserts.map((upsert) => [upsert.product.sku, upsert.hash]),
    request.removals,
  ]);
  return `llp1-${contentHash(content)}`;
}

/**
 * The idempotency key of releasing (`llr1-`) or committing (`llc1-`) a hold, from the hold id (and the
 * committing sale). Both end the hold's life, so a retry, even days later, must get the first answer.
 */
export function holdActionIdempotencyKey(action: 'release' | 'commit', holdId: string, transactionId = ''): string {
  const prefix = action === 'release' ? 'llr1-' : 'llc1-';
  return `${prefix}${contentHash(`${holdId}\n${transactionId}`)}`;
}
