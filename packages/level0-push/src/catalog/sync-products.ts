import {
  AbortError,
  ConfigurationError,
  contentHash,
  formatPath,
  type Level0Port,
  type Logger,
  limits,
  type Product,
  type ProductInput,
  ProductSchema,
  toValidationIssues,
  ValidationError,
} from '@loyalty-link/core';
import { utf8Length } from '../outbox/internal/utf8-length';
import type { OutboxStore } from '../outbox/outbox-store';

/** Options of `syncProducts`. */
export interface SyncProductsOptions {
  /** Called after the diff and after every acknowledged chunk. */
  onProgress?: ((progress: SyncProgress) => void) | undefined;
  /** Stops the sync between chunks (what was acknowledged stays recorded). */
  signal?: AbortSignal | undefined;
  /**
   * Products per request, a whole number from 1 to 1,000 (the protocol's limit). Requests also stay under
   * the protocol's body limit, counted in UTF-8 bytes. @default 1000
   */
  chunkSize?: number | undefined;
  /**
   * Whether SKUs synced before but missing from this catalog are removed on the platform. An empty catalog
   * (a failed read of the product database, most often) removes nothing unless this is `true` explicitly:
   * left out, the sync is refused with a `ValidationError` whose issue code is `empty_catalog` instead of
   * clearing the platform's catalog.
   * @default true (for a catalog with products; see above for an empty one)
   */
  removeMissing?: boolean | undefined;
}

/** Where a sync is. */
export interface SyncProgress {
  /** Products and removals to send in this run (the changes). */
  total: number;
  /** Of those, how many the platform has acknowledged so far. */
  done: number;
  /** Chunks acknowledged so far. */
  chunks: number;
}

/** What a sync did. */
export interface SyncReport {
  /** Products in the catalog given. */
  catalogSize: number;
  /** Products unchanged since the last acknowledged sync: not sent at all. */
  skipped: number;
  /** Products the platform created or updated. */
  upserted: number;
  /** Products sent that the platform already had with the same hash. */
  unchanged: number;
  /** SKUs removed on the platform. */
  removed: number;
  /** Products refused, locally (invalid, duplicate SKU) or by the platform, with a stable code. */
  rejected: { sku: string; code: string; message: string }[];
  /** Requests made. */
  chunks: number;
}

interface Change {
  product: Product;
  hash: string;
  bytes: number;
}

// Leave room for the request's envelope (and the signature headers do not count) in each body.
const CHUNK_BODY_BYTES = Math.floor(limits.maxBodyBytes * 0.9);

/**
 * What the outbox stores for a product sent in a request that was not acknowledged (yet): the platform may
 * or may not have applied it. It equals no content hash (those start with `p1:`), so the next sync sends the
 * product again, whatever version the catalog then holds; and the SKU stays known, so the next sync removes
 * it if it left the catalog meanwhile.
 */
const IN_DOUBT = 'in-doubt';

/** The SKU of a catalog entry, if it has one: an invalid product still names what it stands for. */
function skuOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const sku = (input as { sku?: unknown }).sku;
  return typeof sku === 'string' ? sku : undefined;
}

/** @internal Checks a sync's arguments before anything is read or sent (the client does, before queuing it). */
export function checkSyncOptions(catalog: unknown, options: SyncProductsOptions): void {
  if (
    typeof catalog !== 'object' ||
    catalog === null ||
    typeof (catalog as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function'
  ) {
    throw new ValidationError('catalog', [
      { path: [], code: 'invalid_type', message: 'must be an iterable of products (an array, a generator)' },
    ]);
  }
  const chunkSize = options.chunkSize;
  if (
    chunkSize !== undefined &&
    (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > limits.maxProductChunk)
  ) {
    throw new ConfigurationError('invalid_option', 'chunkSize must be a whole number from 1 to 1,000.');
  }
}

/**
 * @internal The catalog sync behind `PushClient.syncProducts`. `syncId` names this run: each run's requests
 * get their own idempotency keys, so a chunk that repeats one of an earlier run (a price back to what it
 * was, a product removed again) is applied, not answered from the platform's replay store.
 */
export async function syncProducts(
  deps: { port: Level0Port; outbox: OutboxStore; logger: Logger; syncId: string },
  catalog: Iterable<ProductInput>,
  options: SyncProductsOptions,
): Promise<SyncReport> {
  const chunkSize = options.chunkSize ?? limits.maxProductChunk;
  const report: SyncReport = {
    catalogSize: 0,
    skipped: 0,
    upserted: 0,
    unchanged: 0,
    removed: 0,
    rejected: [],
    chunks: 0,
  };
  const known = await deps.outbox.loadProductHashes();

  // SKUs of valid products (a second one is a duplicate), and of every entry that names one: a product
  // refused here is left as it is on the platform, not removed as if it had left the catalog.
  const seen = new Set<string>();
  const present = new Set<string>();
  const changes: Change[] = [];
  let index = 0;
  for (const input of catalog) {
    report.catalogSize += 1;
    const named = skuOf(input);
    if (named !== undefined) present.add(named);
    const parsed = ProductSchema.safeParse(input, { reportInput: true });
    if (!parsed.success) {
      const issues = toValidationIssues(parsed.error.issues);
      report.rejected.push({
        sku: named ?? `#${index}`,
        code: 'validation_failed',
        message: issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; '),
      });
    } else if (seen.has(parsed.data.sku)) {
      report.rejected.push({
        sku: parsed.data.sku,
        code: 'duplicate_sku',
        message: 'appears more than once in the catalog',
      });
    } else {
      seen.add(parsed.data.sku);
      // The parsed product serialises its keys in schema order, so the same product always hashes the same.
      const canonical = JSON.stringify(parsed.data);
      const hash = `p1:${contentHash(canonical)}`;
      if (known.get(parsed.data.sku) === hash) report.skipped += 1;
      else changes.push({ product: parsed.data, hash, bytes: utf8Length(canonical) + hash.length + 32 });
    }
    index += 1;
  }
  if (report.catalogSize === 0 && known.size > 0 && options.removeMissing === undefined) {
    throw new ValidationError('catalog', [
      {
        path: [],
        code: 'empty_catalog',
        message: `is empty: it would remove all ${known.size} products synced before; pass removeMissing: true to do that`,
      },
    ]);
  }
  const removals = options.removeMissing === false ? [] : [...known.keys()].filter((sku) => !present.has(sku));

  const total = changes.length + removals.length;
  let done = 0;
  options.onProgress?.({ total, done, chunks: 0 });

  let changeAt = 0;
  let removalAt = 0;
  while (changeAt < changes.length || removalAt < removals.length) {
    if (options.signal?.aborted === true) {
      throw new AbortError('The catalog sync was stopped; what the platform acknowledged is recorded', {
        cause: options.signal.reason,
      });
    }
    const upserts: Change[] = [];
    let bytes = 0;
    while (changeAt < changes.length && upserts.length < chunkSize) {
      const change = changes[changeAt];
      if (change === undefined || (upserts.length > 0 && bytes + change.bytes > CHUNK_BODY_BYTES)) break;
      upserts.push(change);
      bytes += change.bytes;
      changeAt += 1;
    }
    const chunkRemovals: string[] = [];
    while (removalAt < removals.length && chunkRemovals.length < chunkSize) {
      const sku = removals[removalAt];
      if (sku === undefined) break;
      const size = utf8Length(JSON.stringify(sku)) + 1;
      if ((upserts.length > 0 || chunkRemovals.length > 0) && bytes + size > CHUNK_BODY_BYTES) break;
      chunkRemovals.push(sku);
      bytes += size;
      removalAt += 1;
    }

    // Marked before the request leaves: if no answer is recorded (a crash, a lost answer, an error after the
    // platform applied the chunk), the stored hashes must not claim the versions from before.
    await deps.outbox.saveProductHashes([
      ...upserts.map(({ product }) => ({ sku: product.sku, hash: IN_DOUBT })),
      ...chunkRemovals.map((sku) => ({ sku, hash: IN_DOUBT })),
    ]);
    const response = await deps.port.syncProducts(
      {
        syncId: deps.syncId,
        upserts: upserts.map(({ product, hash }) => ({ product, hash })),
        removals: chunkRemovals,
      },
      { signal: options.signal },
    );
    const saved: { sku: string; hash: string | null }[] = [];
    response.results.forEach((result, position) => {
      const upsert = upserts[position];
      const removal = position >= upserts.length ? chunkRemovals[position - upserts.length] : undefined;
      if (result.status === 'rejected') {
        report.rejected.push({
          sku: result.sku,
          code: result.problem?.code ?? 'rejected',
          message: result.problem?.detail ?? result.problem?.title ?? 'rejected by the platform',
        });
        return;
      }
      if (result.status === 'removed' && removal !== undefined) {
        report.removed += 1;
        saved.push({ sku: removal, hash: null });
      } else if (upsert !== undefined) {
        if (result.status === 'unchanged') report.unchanged += 1;
        else report.upserted += 1;
        saved.push({ sku: upsert.product.sku, hash: upsert.hash });
      }
    });
    // Recorded after every chunk, so a sync that dies halfway resumes with what the platform lacks.
    await deps.outbox.saveProductHashes(saved);
    report.chunks += 1;
    done += upserts.length + chunkRemovals.length;
    options.onProgress?.({ total, done, chunks: report.chunks });
  }
  deps.logger.info('catalog sync finished', {
    catalogSize: report.catalogSize,
    skipped: report.skipped,
    upserted: report.upserted,
    removed: report.removed,
    rejected: report.rejected.length,
  });
  return report;
}
