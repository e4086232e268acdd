import type { Product, ProductSyncRequest, ProductSyncResult } from '@loyalty-link/core';
import { problemDocument } from './problem-document';

/** A product as the platform stores it, with the client's content hash. */
export interface StoredProduct {
  product: Product;
  hash: string;
  /** Platform time of the last change, ms. */
  updatedAt: number;
}

/** The synchronised catalog, by SKU. */
export type Catalog = Map<string, StoredProduct>;

/**
 * Applies one sync chunk (protocol §5): each upsert is `created`, `updated` or `unchanged` (same hash as
 * stored), each removal `removed`; one result per upsert, then one per removal, in order. A product priced
 * in another currency than the program's is `rejected` (`currency_mismatch`) and not stored.
 */
export function syncProducts(
  catalog: Catalog,
  request: ProductSyncRequest,
  currency: string,
  nowMs: number,
): ProductSyncResult[] {
  const results: ProductSyncResult[] = [];
  for (const { product, hash } of request.upserts) {
    if (product.price.currency !== currency) {
      results.push({
        sku: product.sku,
        status: 'rejected',
        problem: problemDocument(422, 'currency_mismatch', `Products must be priced in ${currency}.`),
      });
      continue;
    }
    const stored = catalog.get(product.sku);
    if (stored !== undefined && stored.hash === hash) {
      results.push({ sku: product.sku, status: 'unchanged' });
      continue;
    }
    catalog.set(product.sku, { product: structuredClone(product), hash, updatedAt: nowMs });
    results.push({ sku: product.sku, status: stored === undefined ? 'created' : 'updated' });
  }
  for (const sku of request.removals) {
    // Removing an unknown SKU is still `removed`: a resumed sync may repeat a removal it already made.
    catalog.delete(sku);
    results.push({ sku, status: 'removed' });
  }
  return results;
}
