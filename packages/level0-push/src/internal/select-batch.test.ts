import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../outbox/outbox-store';
import { BatchSelector, selectBatch } from './select-batch';

let seq = 0;
function entry(keys: string[], overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  seq += 1;
  return {
    seq,
    key: `k${seq}`,
    kind: 'sale',
    orderingKeys: keys,
    payload: '{}',
    bytes: 100,
    createdAt: 0,
    attempts: 0,
    nextAttemptAt: 0,
    ...overrides,
  };
}

const limits = { maxItems: 100, maxBytes: 10_000 };

describe('selectBatch', () => {
  it('sends due entries in order, including several of one customer', () => {
    const entries = [entry(['c:ada', 't:1']), entry(['c:bob', 't:2']), entry(['c:ada', 't:3', 't:1'])];
    expect(selectBatch(entries, 10, limits).batch.map((e) => e.key)).toEqual(entries.map((e) => e.key));
  });

  it("holds back a customer's later entries behind one that waits for a retry, and lets others through", () => {
    const saleWaiting = entry(['c:ada', 't:1'], { nextAttemptAt: 500 });
    const bob = entry(['c:bob', 't:2']);
    const adaReturn = entry(['c:ada', 't:3', 't:1']);
    const result = selectBatch([saleWaiting, bob, adaReturn], 10, limits);
    expect(result.batch.map((e) => e.key)).toEqual([bob.key]);
    expect(result.nextDueAt).toBe(500);
  });

  it('takes an entry due further ahead than the longest wait as due now: the clock was set back', () => {
    const rescheduledBeforeTheStep = entry(['c:ada', 't:1'], { nextAttemptAt: 10 + 3_600_000 });
    const waiting = entry(['c:bob', 't:2'], { nextAttemptAt: 10 + 20_000 });
    const result = new BatchSelector(10, limits, undefined, 60_000);
    result.add([rescheduledBeforeTheStep, waiting]);
    expect(result.result().batch.map((e) => e.key)).toEqual([rescheduledBeforeTheStep.key]);
    expect(result.result().nextDueAt).toBe(10 + 20_000);
  });

  it('keeps an anonymous void behind its sale through the transaction key', () => {
    const sale = entry(['c:ada', 't:1'], { nextAttemptAt: 100 });
    const voidOfSale = entry(['t:9', 't:1']);
    expect(selectBatch([sale, voidOfSale], 10, limits).batch).toEqual([]);
  });

  it('respects the item and byte limits, but never starves an oversized entry', () => {
    const many = Array.from({ length: 5 }, (_, i) => entry([`c:${i}`]));
    expect(selectBatch(many, 0, { maxItems: 2, maxBytes: 10_000 }).batch).toHaveLength(2);
    expect(selectBatch(many, 0, { maxItems: 10, maxBytes: 250 }).batch).toHaveLength(2);
    const huge = entry(['c:x'], { bytes: 5000 });
    expect(selectBatch([huge], 0, { maxItems: 10, maxBytes: 250 }).batch).toEqual([huge]);
  });

  it('reports the earliest time a waiting entry becomes due', () => {
    const result = selectBatch([entry(['a'], { nextAttemptAt: 300 }), entry(['b'], { nextAttemptAt: 200 })], 0, limits);
    expect(result).toEqual({ batch: [], nextDueAt: 200, heldByInFlight: false });
  });
});

describe('BatchSelector across pages', () => {
  it('keeps blocking a customer across pages and stops reading once the batch is full', () => {
    const waiting = entry(['c:ada'], { nextAttemptAt: 900 });
    const selector = new BatchSelector(10, { maxItems: 2, maxBytes: 10_000 });
    selector.add([waiting, entry(['c:bob'])]);
    expect(selector.full).toBe(false);
    selector.add([entry(['c:ada']), entry(['c:cyd']), entry(['c:dan'])]);
    expect(selector.full).toBe(true);
    expect(selector.result().batch.map((e) => e.orderingKeys[0])).toEqual(['c:bob', 'c:cyd']);
    expect(selector.result().nextDueAt).toBe(900);
  });
});

describe('BatchSelector beside a request in flight', () => {
  it('skips entries in flight and holds back every entry that must follow one of them', () => {
    const flying = entry(['c:ada', 't:1']);
    const bob = entry(['c:bob', 't:2']);
    const adaNext = entry(['c:ada', 't:3']);
    const voidOfFlying = entry(['t:4', 't:1']);
    const cyd = entry(['c:cyd', 't:5']);
    const inFlight = { keys: new Set([flying.key]), orderingKeys: new Set(flying.orderingKeys) };
    const result = selectBatch([flying, bob, adaNext, voidOfFlying, cyd], 10, limits, inFlight);
    expect(result.batch.map((e) => e.key)).toEqual([bob.key, cyd.key]);
    expect(result.heldByInFlight).toBe(true);
    expect(result.nextDueAt).toBeUndefined();
  });
});
