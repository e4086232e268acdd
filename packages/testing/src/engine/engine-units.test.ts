import { createManualClock } from '@loyalty-link/core';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { createIdempotencyStore } from './idempotency-store';
import { createScheduler } from './scheduler';

describe('canonicalJson', () => {
  it('ignores key order and undefined fields, not array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe(canonicalJson({ a: { d: [2, 1] }, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});

describe('createIdempotencyStore', () => {
  const response = { status: 200, headers: {}, body: '{}' };

  it('claims a new key once: in progress, then replay, conflict for another fingerprint', () => {
    const store = createIdempotencyStore(createManualClock(), 1_000);
    const claim = store.claim('api', 'k', 'f1');
    expect(claim.kind).toBe('new');
    expect(store.claim('api', 'k', 'f1').kind).toBe('in_progress');
    expect(store.claim('api', 'k', 'f2').kind).toBe('conflict');
    if (claim.kind === 'new') claim.complete(response);
    expect(store.claim('api', 'k', 'f1')).toEqual({ kind: 'replay', response });
    expect(store.claim('other-api', 'k', 'f2').kind).toBe('new');
  });

  it('frees an abandoned key, and forgets stored keys after the retention', () => {
    const clock = createManualClock();
    const store = createIdempotencyStore(clock, 1_000);
    const claim = store.claim('api', 'k', 'f1');
    if (claim.kind === 'new') claim.abandon();
    const again = store.claim('api', 'k', 'f2');
    expect(again.kind).toBe('new');
    if (again.kind === 'new') again.complete(response);
    clock.advance(1_001);
    expect(store.claim('api', 'k', 'f3').kind).toBe('new');
  });
});

describe('createScheduler', () => {
  it('fires timers far beyond the 2^31 ms limit of setTimeout at the right time', () => {
    const clock = createManualClock(0);
    const scheduler = createScheduler(clock);
    const fired: number[] = [];
    scheduler.at(30 * 24 * 3_600_000, () => fired.push(clock.now()));
    clock.advance(25 * 24 * 3_600_000);
    expect(fired).toEqual([]);
    clock.advance(5 * 24 * 3_600_000);
    expect(fired).toEqual([30 * 24 * 3_600_000]);
  });

  it('cancels timers, one or all', () => {
    const clock = createManualClock(0);
    const scheduler = createScheduler(clock);
    const fired: string[] = [];
    const a = scheduler.at(10, () => fired.push('a'));
    scheduler.at(20, () => fired.push('b'));
    scheduler.cancel(a);
    scheduler.close();
    clock.advance(100);
    expect(fired).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});
