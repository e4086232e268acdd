import { describe, expect, it } from 'vitest';
import { IdempotencyKeySchema } from './level0';
import {
  holdActionIdempotencyKey,
  productSyncIdempotencyKey,
  transactionBatchIdempotencyKey,
} from './protocol-port-keys';

const item = (key: string) => ({ idempotencyKey: key }) as never;

describe('idempotency keys of the protocol port', () => {
  it('derives a batch key from the item keys in order, valid for the protocol', () => {
    const batch = { items: [item('ll1:s:r:sale:1'), item('ll1:s:r:sale:2')] };
    const key = transactionBatchIdempotencyKey(batch);
    expect(key).toMatch(/^llb1-[0-9a-f]{32}$/);
    expect(IdempotencyKeySchema.safeParse(key).success).toBe(true);
    expect(transactionBatchIdempotencyKey({ items: [item('ll1:s:r:sale:1'), item('ll1:s:r:sale:2')] })).toBe(key);
    expect(transactionBatchIdempotencyKey({ items: [item('ll1:s:r:sale:2'), item('ll1:s:r:sale:1')] })).not.toBe(key);
    expect(transactionBatchIdempotencyKey({ items: [item('ll1:s:r:sale:1')] })).not.toBe(key);
  });

  it('derives a product sync key from SKUs, content hashes, removals and the sync id', () => {
    const product = (sku: string) => ({ sku }) as never;
    const chunk = { upserts: [{ product: product('A'), hash: 'h:00000001' }], removals: ['B'] };
    const key = productSyncIdempotencyKey(chunk);
    expect(key).toMatch(/^llp1-[0-9a-f]{32}$/);
    expect(productSyncIdempotencyKey({ ...chunk })).toBe(key);
    expect(productSyncIdempotencyKey({ ...chunk, upserts: [{ product: product('A'), hash: 'h:00000002' }] })).not.toBe(
      key,
    );
    expect(productSyncIdempotencyKey({ ...chunk, removals: [] })).not.toBe(key);
    expect(productSyncIdempotencyKey({ ...chunk, syncId: 'run-2' })).not.toBe(key);
    // A SKU holding the separator cannot be confused with two SKUs.
    expect(productSyncIdempotencyKey({ upserts: [], removals: ['A","B'] })).not.toBe(
      productSyncIdempotencyKey({ upserts: [], removals: ['A', 'B'] }),
    );
  });

  it('derives hold release and commit keys from the hold and the sale', () => {
    expect(holdActionIdempotencyKey('release', 'h1')).toMatch(/^llr1-[0-9a-f]{32}$/);
    expect(holdActionIdempotencyKey('commit', 'h1', 'T-1')).toMatch(/^llc1-[0-9a-f]{32}$/);
    expect(holdActionIdempotencyKey('commit', 'h1', 'T-1')).not.toBe(holdActionIdempotencyKey('commit', 'h1', 'T-2'));
    expect(holdActionIdempotencyKey('release', 'h1')).toBe(holdActionIdempotencyKey('release', 'h1'));
  });
});
