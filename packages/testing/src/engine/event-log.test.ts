import { createManualClock, type LiveEvent, seededRandom } from '@loyalty-link/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventLog, eventLogDefaults } from './event-log';
import type { EventFilter, LoggedEvent } from './event-log-types';

const HOUR_MS = 60 * 60 * 1000;

function customerUpdated(customerId: string, version = 1): LiveEvent {
  return {
    type: 'customer.updated',
    id: `evt_${customerId}_${version}`,
    occurredAt: '2026-01-01T00:00:00Z',
    customerId,
    version,
  };
}

function cashierMessage(address: { storeId?: string; registerId?: string; customerId?: string }): LiveEvent {
  return {
    type: 'cashier.message',
    id: 'evt_msg',
    occurredAt: '2026-01-01T00:00:00Z',
    text: 'Happy birthday',
    severity: 'offer',
    ...address,
  };
}

function filter(customerIds: string[], storeId = 'ams-01', registerId = 'reg-1'): EventFilter {
  return { storeId, registerId, customerIds: new Set(customerIds) };
}

function setup(options: { retentionMs?: number; retentionCount?: number } = {}) {
  const clock = createManualClock();
  const log = createEventLog({ clock, random: seededRandom(1), ...options });
  return { clock, log };
}

describe('createEventLog', () => {
  it('uses the protocol retention by default and draws an ep_ epoch', () => {
    expect(eventLogDefaults.retentionMs).toBe(24 * HOUR_MS);
    expect(eventLogDefaults.retentionCount).toBe(10_000);
    const { log } = setup();
    expect(log.epoch).toMatch(/^ep_[0-9A-Za-z]+$/);
    expect(log.head()).toEqual({ epoch: log.epoch, seq: 0 });
    expect(createEventLog({ clock: createManualClock(), epoch: 'ep_given' }).epoch).toBe('ep_given');
  });

  it('numbers events from 1, strictly by one', () => {
    const { log } = setup();
    const seqs = [1, 2, 3, 4, 5].map((n) => log.append(customerUpdated('cus_1', n), { customerId: 'cus_1' }).seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    expect(log.head().seq).toBe(5);
  });

  it('reads nothing without a position, and nothing at the head', () => {
    const { log } = setup();
    log.append(customerUpdated('cus_1'), { customerId: 'cus_1' });
    expect(log.readAfter(undefined, filter(['cus_1']), 100)).toEqual({ events: [], head: log.head() });
    const atHead = log.readAfter(log.head(), filter(['cus_1']), 100);
    expect(atHead.events).toEqual([]);
    expect(atHead.resync).toBeUndefined();
  });

  it('replays what came after a position, filtered and limited', () => {
    const { log } = setup();
    for (let n = 1; n <= 6; n++) {
      const customerId = n % 2 === 0 ? 'cus_even' : 'cus_odd';
      log.append(customerUpdated(customerId, n), { customerId });
    }
    const read = log.readAfter({ epoch: log.epoch, seq: 1 }, filter(['cus_even']), 100);
    expect(read.events.map((frame) => frame.seq)).toEqual([2, 4, 6]);
    expect(read.resync).toBeUndefined();
    expect(
      log.readAfter({ epoch: log.epoch, seq: 0 }, filter(['cus_even', 'cus_odd']), 2).events.map((f) => f.seq),
    ).toEqual([1, 2]);
  });

  it('asks for a resync from another epoch, after a reset, and from a position beyond the head', () => {
    const { log } = setup();
    log.append(customerUpdated('cus_1'), { customerId: 'cus_1' });
    const old = log.head();
    expect(log.readAfter({ epoch: 'ep_other', seq: 1 }, filter([]), 10).resync).toBe('epoch_changed');
    expect(log.readAfter({ epoch: log.epoch, seq: 2 }, filter([]), 10).resync).toBe('epoch_changed');
    log.reset();
    expect(log.epoch).not.toBe(old.epoch);
    expect(log.head()).toEqual({ epoch: log.epoch, seq: 0 });
    const read = log.readAfter(old, filter(['cus_1']), 10);
    expect(read).toEqual({ events: [], head: log.head(), resync: 'epoch_changed' });
    expect(log.append(customerUpdated('cus_1'), { customerId: 'cus_1' }).seq).toBe(1);
  });

  it('keeps an event while it is within either bound, and expires a position only when both are passed', () => {
    const { clock, log } = setup({ retentionMs: HOUR_MS, retentionCount: 3 });
    for (let n = 1; n <= 5; n++) log.append(customerUpdated('cus_1', n), { customerId: 'cus_1' });
    // All five are younger than an hour: the time bound keeps them although the count bound is 3.
    expect(log.entries().map((entry) => entry.frame.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(log.readAfter({ epoch: log.epoch, seq: 0 }, filter(['cus_1']), 100).events).toHaveLength(5);

    clock.advance(HOUR_MS + 1);
    // Now all are old: the last three stay because of the count bound.
    expect(log.entries().map((entry) => entry.frame.seq)).toEqual([3, 4, 5]);
    expect(log.readAfter({ epoch: log.epoch, seq: 1 }, filter(['cus_1']), 100).resync).toBe('position_expired');
    const fromTwo = log.readAfter({ epoch: log.epoch, seq: 2 }, filter(['cus_1']), 100);
    expect(fromTwo.resync).toBeUndefined();
    expect(fromTwo.events.map((frame) => frame.seq)).toEqual([3, 4, 5]);
  });

  it('stays bounded when events keep coming', () => {
    const { clock, log } = setup({ retentionMs: 1_000, retentionCount: 10 });
    for (let n = 1; n <= 5_000; n++) {
      log.append(customerUpdated('cus_1', n), { customerId: 'cus_1' });
      clock.advance(10);
    }
    // 1 s of events at one per 10 ms: about 100 are within the time bound, more than the count bound.
    expect(log.entries().length).toBeLessThanOrEqual(101);
    expect(log.entries().at(-1)?.frame.seq).toBe(5_000);
  });

  it('addresses customer events to subscribers and cashier messages by place', () => {
    const { log } = setup();
    const entry = (event: LiveEvent, audience: LoggedEvent['audience']): LoggedEvent => ({
      frame: { type: 'event', epoch: log.epoch, seq: 1, event },
      audience,
      appendedAt: 0,
    });
    const subscribed = filter(['cus_1']);
    expect(log.matches(entry(customerUpdated('cus_1'), { customerId: 'cus_1' }), subscribed)).toBe(true);
    expect(log.matches(entry(customerUpdated('cus_2'), { customerId: 'cus_2' }), subscribed)).toBe(false);
    expect(log.matches(entry(cashierMessage({}), {}), filter([]))).toBe(true);
    expect(log.matches(entry(cashierMessage({ storeId: 'ams-01' }), { storeId: 'ams-01' }), filter([]))).toBe(true);
    expect(log.matches(entry(cashierMessage({ storeId: 'rot-02' }), { storeId: 'rot-02' }), filter([]))).toBe(false);
    const toRegister = { storeId: 'ams-01', registerId: 'reg-2', customerId: 'cus_1' };
    expect(log.matches(entry(cashierMessage(toRegister), toRegister), subscribed)).toBe(false);
    expect(log.matches(entry(cashierMessage(toRegister), toRegister), filter([], 'ams-01', 'reg-2'))).toBe(true);
  });

  it('notifies subscribers synchronously until they stop', () => {
    const { log } = setup();
    const seen: number[] = [];
    const stop = log.subscribe((entry) => seen.push(entry.frame.seq));
    log.append(customerUpdated('cus_1'), { customerId: 'cus_1' });
    expect(seen).toEqual([1]);
    stop();
    log.append(customerUpdated('cus_1'), { customerId: 'cus_1' });
    expect(seen).toEqual([1]);
  });

  it('never loses or reorders a retained event (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ customer: fc.constantFrom('a', 'b', 'c'), waitMs: fc.nat(500) }), { maxLength: 60 }),
        fc.nat(60),
        fc.subarray(['a', 'b', 'c']),
        (appends, from, subscribedTo) => {
          const clock = createManualClock();
          const log = createEventLog({ clock, random: seededRandom(7), retentionMs: 2_000, retentionCount: 5 });
          for (const { customer, waitMs } of appends) {
            log.append(customerUpdated(customer), { customerId: customer });
            clock.advance(waitMs);
          }
          const read = log.readAfter({ epoch: log.epoch, seq: from }, filter(subscribedTo), Number.POSITIVE_INFINITY);
          const retained = log.entries();
          expect(retained.map((entry) => entry.frame.seq)).toEqual(
            retained.map((_, index) => (retained[0]?.frame.seq ?? 0) + index),
          );
          if (from > appends.length) {
            expect(read.resync).toBe('epoch_changed');
          } else if (read.resync === undefined) {
            const expected = retained
              .filter((entry) => entry.frame.seq > from && subscribedTo.includes(entry.audience.customerId ?? ''))
              .map((entry) => entry.frame.seq);
            expect(read.events.map((frame) => frame.seq)).toEqual(expected);
            expect(retained.length === 0 || (retained[0]?.frame.seq ?? 0) <= from + 1).toBe(true);
          } else {
            expect(read.resync).toBe('position_expired');
            expect(retained[0]?.frame.seq ?? appends.length + 1).toBeGreaterThan(from + 1);
          }
        },
      ),
    );
  });
});
