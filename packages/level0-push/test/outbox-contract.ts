import { isLoyaltyLinkError, isValidationError } from '@loyalty-link/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  AppendOutcome,
  AttemptError,
  DeadLetter,
  DeadLetterReason,
  NewOutboxEntry,
  OutboxEntry,
  OutboxStats,
  OutboxStore,
} from '../src/outbox/outbox-store';
import { saleEntry, t0 } from './outbox-fixtures';

/** What a store under test comes with. */
export interface OpenedOutbox {
  /** A new, empty store. */
  store: OutboxStore;
  /** Opens the same data again, once `store` is closed (durable stores only). */
  reopen?: () => Promise<OutboxStore>;
  /** Opens a second store over the same data while the first is open: another process or tab. */
  sibling?: () => Promise<OutboxStore>;
  /** Deletes what the store left behind (files), after every store of the test was closed. */
  cleanup?: () => Promise<void>;
}

const retryLater: AttemptError = { code: 'http_503', message: 'The platform is unavailable.' };
const rejected: DeadLetterReason = { code: 'customer_not_found', message: 'No such customer.', status: 422 };

async function all(store: OutboxStore, pageSize = 2): Promise<OutboxEntry[]> {
  const out: OutboxEntry[] = [];
  for (;;) {
    const page = await store.scan({ afterSeq: out.at(-1)?.seq, limit: pageSize });
    out.push(...page);
    if (page.length < pageSize) return out;
  }
}

async function allDead(store: OutboxStore, pageSize = 2): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  for (;;) {
    const page = await store.listDeadLetters({ afterSeq: out.at(-1)?.seq, limit: pageSize });
    out.push(...page);
    if (page.length < pageSize) return out;
  }
}

function storedSeq(outcome: AppendOutcome | undefined): number {
  if (outcome?.status !== 'stored') throw new Error(`expected a stored outcome, got ${JSON.stringify(outcome)}`);
  return outcome.entry.seq;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/**
 * The behaviour every {@link OutboxStore} promises, run against one store implementation. `open` is called
 * once per test and must give a new, empty store.
 */
export function describeOutboxContract(name: string, open: () => Promise<OpenedOutbox>): void {
  describe(`${name} outbox store contract`, () => {
    let opened: OpenedOutbox[] = [];
    let live: OutboxStore[] = [];

    async function setup(): Promise<OpenedOutbox & { store: OutboxStore }> {
      const result = await open();
      opened.push(result);
      live.push(result.store);
      return result;
    }

    async function reopen(current: OpenedOutbox, store: OutboxStore): Promise<OutboxStore> {
      if (current.reopen === undefined) throw new Error('not a durable store');
      await store.close();
      const again = await current.reopen();
      live.push(again);
      return again;
    }

    async function sibling(current: OpenedOutbox): Promise<OutboxStore | undefined> {
      if (current.sibling === undefined) return undefined;
      const other = await current.sibling();
      live.push(other);
      return other;
    }

    afterEach(async () => {
      for (const store of live) await store.close();
      for (const result of opened) await result.cleanup?.();
      live = [];
      opened = [];
    });

    describe('append and scan', () => {
      it('stores new entries due at once and returns them in seq order, page by page', async () => {
        const { store } = await setup();
        const outcomes = await store.append([saleEntry('a'), saleEntry('b', { createdAt: t0 + 5 })]);
        const more = await store.append([saleEntry('c', { kind: 'return', orderingKeys: ['customer:c-2'] })]);

        expect(outcomes.map((outcome) => outcome.status)).toEqual(['stored', 'stored']);
        const entries = await all(store);
        expect(entries.map((entry) => entry.key)).toEqual(['a', 'b', 'c']);
        expect(entries[1]).toEqual({
          ...saleEntry('b', { createdAt: t0 + 5 }),
          seq: storedSeq(outcomes[1]),
          bytes: new TextEncoder().encode(saleEntry('b').payload).length,
          attempts: 0,
          nextAttemptAt: t0 + 5,
          revivals: 0,
        });
        expect(entries[2]).toMatchObject({ kind: 'return', orderingKeys: ['customer:c-2'], seq: storedSeq(more[0]) });
        expect(await store.scan({ afterSeq: entries[0]?.seq, limit: 1 })).toEqual([entries[1]]);
        expect(await store.scan({ limit: 0 })).toEqual([]);
        expect(await store.scan({ afterSeq: entries[2]?.seq, limit: 10 })).toEqual([]);
      });

      it('gives strictly increasing seqs that are never reused, even after the newest entry is removed', async () => {
        const { store } = await setup();
        const first = storedSeq((await store.append([saleEntry('a')]))[0]);
        const second = storedSeq((await store.append([saleEntry('b')]))[0]);
        await store.remove(['b']);
        const third = storedSeq((await store.append([saleEntry('c')]))[0]);
        await store.remove(['a', 'c']);
        const fourth = storedSeq((await store.append([saleEntry('d')]))[0]);

        expect(second).toBeGreaterThan(first);
        expect(third).toBeGreaterThan(second);
        expect(fourth).toBeGreaterThan(third);
      });

      it('counts payload bytes as UTF-8', async () => {
        const { store } = await setup();
        const payload = JSON.stringify({ note: 'café ☕ 😀' });
        const [outcome] = await store.append([saleEntry('a', { payload })]);

        expect(outcome?.status === 'stored' && outcome.entry.bytes).toBe(new TextEncoder().encode(payload).length);
        expect((await store.stats()).pendingBytes).toBe(new TextEncoder().encode(payload).length);
      });

      it('answers duplicate for the same key and payload, conflict for another, changing nothing', async () => {
        const { store } = await setup();
        const [original] = await store.append([saleEntry('a')]);
        const outcomes = await store.append([
          saleEntry('a'),
          saleEntry('a', { payload: '{"transactionId":"a","total":"other"}' }),
          saleEntry('b'),
        ]);

        expect(outcomes[0]).toEqual({ status: 'duplicate', entry: original?.status === 'stored' && original.entry });
        expect(outcomes[1]).toEqual({ status: 'conflict', key: 'a' });
        expect(outcomes[2]?.status).toBe('stored');
        expect((await all(store)).map((entry) => [entry.key, entry.payload])).toEqual([
          ['a', saleEntry('a').payload],
          ['b', saleEntry('b').payload],
        ]);
      });

      it('treats the second entry with a key in one call as the duplicate or conflict of the first', async () => {
        const { store } = await setup();
        const outcomes = await store.append([saleEntry('a'), saleEntry('a'), saleEntry('a', { payload: '{}' })]);

        expect(outcomes.map((outcome) => outcome.status)).toEqual(['stored', 'duplicate', 'conflict']);
        expect(outcomes[1]).toEqual({
          status: 'duplicate',
          entry: outcomes[0]?.status === 'stored' && outcomes[0].entry,
        });
        expect(await all(store)).toHaveLength(1);
      });

      it('settles concurrent callers of one tick apart: first stored, later ones duplicate or conflict', async () => {
        const { store } = await setup();
        const [first, second, third, fourth] = await Promise.all([
          store.append([saleEntry('a')]),
          store.append([saleEntry('a')]),
          store.append([saleEntry('a', { payload: '{}' }), saleEntry('b')]),
          store.append([saleEntry('c')]),
        ]);

        expect(first?.map((outcome) => outcome.status)).toEqual(['stored']);
        expect(second?.map((outcome) => outcome.status)).toEqual(['duplicate']);
        expect(third?.map((outcome) => outcome.status)).toEqual(['conflict', 'stored']);
        expect(fourth?.map((outcome) => outcome.status)).toEqual(['stored']);
        expect((await all(store)).map((entry) => entry.key)).toEqual(['a', 'b', 'c']);
      });

      it('keeps the keys of dead letters taken: duplicate or conflict, not a second copy', async () => {
        const { store } = await setup();
        await store.append([saleEntry('a')]);
        await store.deadLetter([{ key: 'a', deadAt: t0 + 1, reason: rejected }]);
        const outcomes = await store.append([saleEntry('a'), saleEntry('a', { payload: '{}' })]);

        expect(outcomes.map((outcome) => outcome.status)).toEqual(['duplicate', 'conflict']);
        expect(outcomes[0]?.status === 'duplicate' && outcomes[0].entry).toMatchObject({ key: 'a' });
        expect(outcomes[0]?.status === 'duplicate' && 'reason' in outcomes[0].entry).toBe(false);
        expect(await store.scan({ limit: 10 })).toEqual([]);
      });

      it('returns copies: changing a returned entry changes nothing stored', async () => {
        const { store } = await setup();
        const input = saleEntry('a');
        const [outcome] = await store.append([input]);
        input.orderingKeys.push('mutated');
        if (outcome?.status === 'stored') outcome.entry.orderingKeys.push('mutated');
        const [scanned] = await store.scan({ limit: 1 });
        scanned?.orderingKeys.push('mutated');

        expect((await store.scan({ limit: 1 }))[0]?.orderingKeys).toEqual(saleEntry('a').orderingKeys);
      });

      it('stores entries as they were when append was called, even if the caller reuses them at once', async () => {
        const { store } = await setup();
        const buffer = [saleEntry('a'), saleEntry('b')];
        const appended = store.append(buffer);
        const other = store.append([saleEntry('c')]);
        // A register reusing its buffer and objects for the next sales before the group is written.
        const first = buffer[0];
        if (first !== undefined) first.payload = '{"reused":true}';
        buffer.length = 0;

        expect((await appended).map((outcome) => outcome.status)).toEqual(['stored', 'stored']);
        expect((await other).map((outcome) => outcome.status)).toEqual(['stored']);
        expect((await store.scan({ limit: 10 })).map((entry) => [entry.key, entry.payload])).toEqual(
          ['a', 'b', 'c'].map((key) => [key, saleEntry(key).payload]),
        );
      });

      it('resolves an empty append with no outcomes', async () => {
        const { store } = await setup();
        expect(await store.append([])).toEqual([]);
      });

      it('rejects malformed entries and pages with a ValidationError, storing nothing of that call', async () => {
        const { store } = await setup();
        const bad = { ...saleEntry('a'), createdAt: Number.NaN };

        expect(isValidationError(await rejection(store.append([saleEntry('ok'), bad])))).toBe(true);
        expect(isValidationError(await rejection(store.scan({ limit: -1 })))).toBe(true);
        expect(isValidationError(await rejection(store.scan({ limit: 1.5 })))).toBe(true);
        expect(await store.scan({ limit: 10 })).toEqual([]);
      });

      it('rejects arguments of the wrong shape, as plain JavaScript could pass them, with a ValidationError', async () => {
        const { store } = await setup();
        // Deliberately malformed arguments, typed as whatever each call expects.
        const bad = <T>(value: unknown): T => value as T;
        const calls: (() => Promise<unknown>)[] = [
          () => store.append(bad(null)),
          () => store.append(bad([null])),
          () => store.scan(bad(undefined)),
          () => store.listDeadLetters(bad(null)),
          () => store.reschedule(bad(undefined)),
          () => store.reschedule(bad([null])),
          () => store.deadLetter(bad(undefined)),
          () => store.deadLetter(bad([null])),
          () => store.remove(bad('a')),
          () => store.acquireLease(bad(undefined)),
          () => store.saveProductHashes(bad(null)),
          () => store.saveProductHashes(bad([undefined])),
        ];
        for (const call of calls) expect(isValidationError(await rejection(call()))).toBe(true);
      });

      it('reads a page whatever its limit, the largest safe integer included', async () => {
        const { store } = await setup();
        await store.append([saleEntry('a'), saleEntry('b')]);
        expect(await store.scan({ limit: Number.MAX_SAFE_INTEGER })).toHaveLength(2);
        expect(await store.listDeadLetters({ limit: Number.MAX_SAFE_INTEGER })).toEqual([]);
      });
    });

    describe('delivery bookkeeping', () => {
      it('removes delivered entries and ignores unknown keys', async () => {
        const { store } = await setup();
        await store.append([saleEntry('a'), saleEntry('b'), saleEntry('c')]);
        await store.remove(['b', 'unknown']);
        await store.remove([]);

        expect((await all(store)).map((entry) => entry.key)).toEqual(['a', 'c']);
      });

      it('records failed attempts, and scan still returns the entry: readiness is the client’s call', async () => {
        const { store } = await setup();
        await store.append([saleEntry('a'), saleEntry('b')]);
        await store.reschedule([
          { key: 'a', attempts: 3, nextAttemptAt: t0 + 60_000, lastError: retryLater },
          { key: 'unknown', attempts: 1, nextAttemptAt: t0, lastError: retryLater },
        ]);

        const [a, b] = await all(store);
        expect(a).toMatchObject({ key: 'a', attempts: 3, nextAttemptAt: t0 + 60_000, lastError: retryLater });
        expect(b).toMatchObject({ key: 'b', attempts: 0, nextAttemptAt: t0 });
        expect(b?.lastError).toBeUndefined();
      });

      it('moves rejected entries to the dead letters, with their seq, attempts and the reason', async () => {
        const { store } = await setup();
        await store.append([saleEntry('a'), saleEntry('b')]);
        await store.reschedule([{ key: 'a', attempts: 2, nextAttemptAt: t0 + 10, lastError: retryLater }]);
        const [a] = await store.scan({ limit: 1 });
        await store.deadLetter([
          { key: 'a', deadAt: t0 + 20, reason: rejected },
          { key: 'unknown', deadAt: t0 + 20, reason: rejected },
        ]);

        expect((await all(store)).map((entry) => entry.key)).toEqual(['b']);
        expect(await allDead(store)).toEqual([{ ...a, deadAt: t0 + 20, reason: rejected }]);
      });

      it('keeps a reason without a status as it was given', async () => {
        const { store } = await setup();
        await store.append([saleEntry('a')]);
        await store.deadLetter([{ key: 'a', deadAt: t0, reason: { code: 'validation_failed', message: 'Bad.' } }]);

        const [letter] = await store.listDeadLetters({ limit: 1 });
        expect(letter?.reason).toEqual({ code: 'validation_failed', message: 'Bad.' });
      });

      it('pages through dead letters by seq', async () => {
        const { store } = await setup();
        await store.append(['a', 'b', 'c', 'd'].map((key) => saleEntry(key)));
        await store.deadLetter(['d', 'b', 'a'].map((key) => ({ key, deadAt: t0, reason: rejected })));

        const letters = await allDead(store, 2);
        expect(letters.map((letter) => letter.key)).toEqual(['a', 'b', 'd']);
        expect(
          (await store.listDeadLetters({ afterSeq: letters[0]?.seq, limit: 1 })).map((letter) => letter.key),
        ).toEqual(['b']);
        expect(await store.listDeadLetters({ limit: 0 })).toEqual([]);
      });

      it('revives dead letters into their old place in the order, attempts reset, due at `now`, and counted', async () => {
        const { store } = await setup();
        await store.append([saleEntry('a'), saleEntry('b'), saleEntry('c')]);
        await store.reschedule([{ key: 'b', attempts: 4, nextAttemptAt: t0 + 99, lastError: retryLater }]);
        const before = await all(store);
        await store.deadLetter([{ key: 'b', deadAt: t0 + 100, reason: rejected }]);

        expect(await store.reviveDeadLetters(['b', 'unknown', 'a'], t0 + 500)).toBe(1);
        const after = await all(store);
        expect(after.map((entry) => entry.key)).toEqual(['a', 'b', 'c']);
        expect(after[1]?.seq).toBe(before[1]?.seq);
        expect(after[1]).toMatchObject({ attempts: 0, nextAttemptAt: t0 + 500, revivals: 1 });
        expect(after[0]?.revivals).toBe(0);
        expect(after[1]?.lastError).toBeUndefined();
        expect(await store.listDeadLetters({ limit: 10 })).toEqual([]);
        // A second rejection and replay counts on: each replay is a new batch for the platform.
        await store.deadLetter([{ key: 'b', deadAt: t0 + 600, reason: rejected }]);
        expect((await store.listDeadLetters({ limit: 10 }))[0]?.revivals).toBe(1);
        await store.reviveDeadLetters(['b'], t0 + 700);
        expect((await all(store))[1]?.revivals).toBe(2);
        expect((await store.stats()).revivals).toBe(2);
      });

      it('discards dead letters for good, and counts only those it deleted', async () => {
        const { store } = await setup();
        await store.append([saleEntry('a'), saleEntry('b')]);
        await store.deadLetter([{ key: 'a', deadAt: t0, reason: rejected }]);

        expect(await store.discardDeadLetters(['a', 'b', 'unknown'])).toBe(1);
        expect(await store.listDeadLetters({ limit: 10 })).toEqual([]);
        expect((await all(store)).map((entry) => entry.key)).toEqual(['b']);
        // The key is free again: a new transaction under it is stored, with a new seq.
        const [again] = await store.append([saleEntry('a')]);
        expect(again?.status).toBe('stored');
      });

      it('keeps the counters right after every kind of change', async () => {
        const { store } = await setup();
        const bytes = (key: string) => new TextEncoder().encode(saleEntry(key).payload).length;
        const expectStats = async (expected: OutboxStats) => expect(await store.stats()).toEqual(expected);

        await expectStats({ pending: 0, pendingBytes: 0, oldestCreatedAt: undefined, deadLetters: 0, revivals: 0 });
        await store.append([saleEntry('a', { createdAt: t0 + 1 }), saleEntry('b', { createdAt: t0 + 2 })]);
        await store.append([saleEntry('cc', { createdAt: t0 + 3 }), saleEntry('a')]);
        await expectStats({
          pending: 3,
          pendingBytes: bytes('a') + bytes('b') + bytes('cc'),
          oldestCreatedAt: t0 + 1,
          deadLetters: 0,
          revivals: 0,
        });
        await store.reschedule([{ key: 'a', attempts: 1, nextAttemptAt: t0 + 9, lastError: retryLater }]);
        await store.deadLetter([{ key: 'a', deadAt: t0, reason: rejected }]);
        await expectStats({
          pending: 2,
          pendingBytes: bytes('b') + bytes('cc'),
          oldestCreatedAt: t0 + 2,
          deadLetters: 1,
          revivals: 0,
        });
        await store.remove(['b']);
        await expectStats({
          pending: 1,
          pendingBytes: bytes('cc'),
          oldestCreatedAt: t0 + 3,
          deadLetters: 1,
          revivals: 0,
        });
        await store.reviveDeadLetters(['a'], t0 + 50);
        await expectStats({
          pending: 2,
          pendingBytes: bytes('a') + bytes('cc'),
          oldestCreatedAt: t0 + 1,
          deadLetters: 0,
          revivals: 1,
        });
        await store.deadLetter([{ key: 'cc', deadAt: t0, reason: rejected }]);
        await store.discardDeadLetters(['cc']);
        await store.remove(['a']);
        await expectStats({ pending: 0, pendingBytes: 0, oldestCreatedAt: undefined, deadLetters: 0, revivals: 1 });
      });
    });

    describe('drain lease', () => {
      it('is held by one owner at a time, renewed by its holder, and free to take once expired', async () => {
        const { store } = await setup();

        expect(await store.acquireLease({ owner: 'A', ttlMs: 1000, now: t0 })).toBe(true);
        expect(await store.acquireLease({ owner: 'B', ttlMs: 1000, now: t0 + 10 })).toBe(false);
        expect(await store.acquireLease({ owner: 'A', ttlMs: 1000, now: t0 + 900 })).toBe(true);
        // Renewed at t0 + 900: still A's at t0 + 1500.
        expect(await store.acquireLease({ owner: 'B', ttlMs: 1000, now: t0 + 1500 })).toBe(false);
        expect(await store.acquireLease({ owner: 'B', ttlMs: 1000, now: t0 + 1900 })).toBe(true);
        expect(await store.acquireLease({ owner: 'A', ttlMs: 1000, now: t0 + 1901 })).toBe(false);
      });

      it('is free to take when its holder wrote it with a clock that was ahead, and only then', async () => {
        const { store } = await setup();
        const day = 24 * 60 * 60 * 1000;
        // Written by a register whose clock was a day fast, which then crashed; the clock is right again.
        expect(await store.acquireLease({ owner: 'A', ttlMs: 1000, now: t0 + day })).toBe(true);
        expect(await store.acquireLease({ owner: 'B', ttlMs: 1000, now: t0 })).toBe(true);
        // A holder with a longer lease time than the asker's keeps its lease for all of it.
        expect(await store.acquireLease({ owner: 'C', ttlMs: 60_000, now: t0 + 2000 })).toBe(true);
        expect(await store.acquireLease({ owner: 'B', ttlMs: 1000, now: t0 + 3000 })).toBe(false);
      });

      it('is given up by its holder only', async () => {
        const { store } = await setup();
        await store.acquireLease({ owner: 'A', ttlMs: 60_000, now: t0 });
        await store.releaseLease('B');

        expect(await store.acquireLease({ owner: 'B', ttlMs: 60_000, now: t0 + 1 })).toBe(false);
        await store.releaseLease('A');
        expect(await store.acquireLease({ owner: 'B', ttlMs: 60_000, now: t0 + 2 })).toBe(true);
      });

      it('excludes a second store over the same data, as another process or tab', async () => {
        const current = await setup();
        const other = await sibling(current);
        if (other === undefined) return;

        expect(await current.store.acquireLease({ owner: 'A', ttlMs: 60_000, now: t0 })).toBe(true);
        expect(await other.acquireLease({ owner: 'B', ttlMs: 60_000, now: t0 + 1 })).toBe(false);
        await current.store.releaseLease('A');
        expect(await other.acquireLease({ owner: 'B', ttlMs: 60_000, now: t0 + 2 })).toBe(true);
        expect(await current.store.acquireLease({ owner: 'A', ttlMs: 60_000, now: t0 + 3 })).toBe(false);
      });

      it('rejects a request without an owner or a positive time to live', async () => {
        const { store } = await setup();
        expect(isValidationError(await rejection(store.acquireLease({ owner: '', ttlMs: 1, now: t0 })))).toBe(true);
        expect(isValidationError(await rejection(store.acquireLease({ owner: 'A', ttlMs: 0, now: t0 })))).toBe(true);
      });
    });

    describe('product hashes', () => {
      it('saves, overwrites and removes hashes by SKU', async () => {
        const { store } = await setup();
        expect(await store.loadProductHashes()).toEqual(new Map());
        await store.saveProductHashes([
          { sku: 'sku-1', hash: 'h1' },
          { sku: 'sku-2', hash: 'h2' },
        ]);
        await store.saveProductHashes([
          { sku: 'sku-1', hash: 'h1b' },
          { sku: 'sku-2', hash: null },
          { sku: 'sku-3', hash: null },
        ]);

        expect(await store.loadProductHashes()).toEqual(new Map([['sku-1', 'h1b']]));
      });
    });

    describe('close', () => {
      it('is idempotent, and every later call rejects with outbox_closed', async () => {
        const { store } = await setup();
        await store.append([saleEntry('a')]);
        await Promise.all([store.close(), store.close()]);
        await store.close();

        const calls: (() => Promise<unknown>)[] = [
          () => store.append([saleEntry('b')]),
          () => store.scan({ limit: 1 }),
          () => store.remove(['a']),
          () => store.reschedule([]),
          () => store.deadLetter([]),
          () => store.listDeadLetters({ limit: 1 }),
          () => store.reviveDeadLetters([], t0),
          () => store.discardDeadLetters([]),
          () => store.stats(),
          () => store.acquireLease({ owner: 'A', ttlMs: 1, now: t0 }),
          () => store.releaseLease('A'),
          () => store.loadProductHashes(),
          () => store.saveProductHashes([]),
        ];
        for (const call of calls) {
          const error = await rejection(call());
          expect(isLoyaltyLinkError(error) && error.code).toBe('outbox_closed');
        }
        // Whatever the arguments: a closed store says so first.
        const closedFirst = await rejection(store.scan({ limit: -1 }));
        expect(isLoyaltyLinkError(closedFirst) && closedFirst.code).toBe('outbox_closed');
      });

      it('still commits the appends queued before it', async () => {
        const current = await setup();
        const appended = current.store.append([saleEntry('a')]);
        await current.store.close();

        expect((await appended)[0]?.status).toBe('stored');
        if (current.reopen === undefined) return;
        const again = await current.reopen();
        live.push(again);
        expect((await again.scan({ limit: 10 })).map((entry) => entry.key)).toEqual(['a']);
      });
    });

    describe('durability', () => {
      it('keeps entries, dead letters, counters, hashes and the seq counter across a reopen', async () => {
        const current = await setup();
        if (current.reopen === undefined) {
          expect(current.store.durable).toBe(false);
          return;
        }
        const { store } = current;
        expect(store.durable).toBe(true);
        const appended = await store.append([
          saleEntry('a', { createdAt: t0 + 1 }),
          saleEntry('b'),
          saleEntry('c'),
          saleEntry('d'),
        ]);
        await store.reschedule([{ key: 'b', attempts: 2, nextAttemptAt: t0 + 7, lastError: retryLater }]);
        await store.deadLetter([{ key: 'c', deadAt: t0 + 8, reason: rejected }]);
        await store.remove(['d']);
        await store.saveProductHashes([{ sku: 'sku-1', hash: 'h1' }]);
        const entries = await all(store);
        const letters = await allDead(store);
        const stats = await store.stats();

        const again = await reopen(current, store);
        expect(await all(again)).toEqual(entries);
        expect(await allDead(again)).toEqual(letters);
        expect(await again.stats()).toEqual(stats);
        expect(await again.loadProductHashes()).toEqual(new Map([['sku-1', 'h1']]));
        // `d` had the highest seq and was removed before the reopen: its seq stays used.
        const [next] = await again.append([saleEntry('e')]);
        expect(storedSeq(next)).toBeGreaterThan(storedSeq(appended[3]));
        expect((await again.append([saleEntry('a')]))[0]?.status).toBe('duplicate');
      });
    });

    describe('against a model', () => {
      it('behaves like a map of pending entries and a map of dead letters under any sequence of calls', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
            const current = await open();
            let store = current.store;
            const model = new Model();
            try {
              for (const op of operations) {
                if (op.type === 'reopen') {
                  if (current.reopen === undefined) continue;
                  await store.close();
                  store = await current.reopen();
                } else {
                  expect(await apply(store, op)).toEqual(model.apply(op));
                }
                expect(await all(store, 3)).toEqual(model.pendingEntries());
                expect(await allDead(store, 3)).toEqual(model.deadLetters());
                expect(await store.stats()).toEqual(model.stats());
              }
            } finally {
              await store.close();
              await current.cleanup?.();
            }
          }),
          { numRuns: 30 },
        );
      });
    });
  });
}

// The model: what an outbox is, without any of the machinery.

type Operation =
  | { type: 'append'; calls: { key: string; payload: string }[][] }
  | { type: 'remove'; keys: string[] }
  | { type: 'reschedule'; key: string; attempts: number }
  | { type: 'deadLetter'; keys: string[] }
  | { type: 'revive'; keys: string[] }
  | { type: 'discard'; keys: string[] }
  | { type: 'reopen' };

const keyArb = fc.constantFrom('k0', 'k1', 'k2', 'k3', 'k4');
const keysArb = fc.uniqueArray(keyArb, { maxLength: 3 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    arbitrary: fc.record({
      type: fc.constant('append' as const),
      // Several calls in one tick: one group commit.
      calls: fc.array(
        fc.array(fc.record({ key: keyArb, payload: fc.constantFrom('{"v":1}', '{"v":2}', '{"v":"é😀"}') }), {
          maxLength: 3,
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ type: fc.constant('remove' as const), keys: keysArb }), weight: 2 },
  {
    arbitrary: fc.record({ type: fc.constant('reschedule' as const), key: keyArb, attempts: fc.nat({ max: 9 }) }),
    weight: 1,
  },
  { arbitrary: fc.record({ type: fc.constant('deadLetter' as const), keys: keysArb }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('revive' as const), keys: keysArb }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('discard' as const), keys: keysArb }), weight: 1 },
  { arbitrary: fc.constant({ type: 'reopen' as const }), weight: 1 },
);

function modelEntry(key: string, payload: string): NewOutboxEntry {
  return saleEntry(key, { payload, createdAt: t0 + Number(key.slice(1)) });
}

async function apply(store: OutboxStore, op: Exclude<Operation, { type: 'reopen' }>): Promise<unknown> {
  switch (op.type) {
    case 'append':
      return Promise.all(
        op.calls.map((call) => store.append(call.map(({ key, payload }) => modelEntry(key, payload)))),
      );
    case 'remove':
      return store.remove(op.keys);
    case 'reschedule':
      return store.reschedule([
        { key: op.key, attempts: op.attempts, nextAttemptAt: t0 + op.attempts * 1000, lastError: retryLater },
      ]);
    case 'deadLetter':
      return store.deadLetter(op.keys.map((key) => ({ key, deadAt: t0 + 7, reason: rejected })));
    case 'revive':
      return store.reviveDeadLetters(op.keys, t0 + 42);
    case 'discard':
      return store.discardDeadLetters(op.keys);
  }
}

class Model {
  #lastSeq = 0;
  #revivals = 0;
  readonly #pending = new Map<string, OutboxEntry>();
  readonly #dead = new Map<string, DeadLetter>();

  apply(op: Exclude<Operation, { type: 'reopen' }>): unknown {
    switch (op.type) {
      case 'append':
        return op.calls.map((call) => call.map(({ key, payload }) => this.#append(modelEntry(key, payload))));
      case 'remove':
        for (const key of op.keys) this.#pending.delete(key);
        return undefined;
      case 'reschedule': {
        const entry = this.#pending.get(op.key);
        if (entry !== undefined) {
          this.#pending.set(op.key, {
            ...entry,
            attempts: op.attempts,
            nextAttemptAt: t0 + op.attempts * 1000,
            lastError: retryLater,
          });
        }
        return undefined;
      }
      case 'deadLetter':
        for (const key of op.keys) {
          const entry = this.#pending.get(key);
          if (entry === undefined) continue;
          this.#pending.delete(key);
          this.#dead.set(key, { ...entry, deadAt: t0 + 7, reason: rejected });
        }
        return undefined;
      case 'revive': {
        let moved = 0;
        for (const key of op.keys) {
          const letter = this.#dead.get(key);
          if (letter === undefined) continue;
          this.#dead.delete(key);
          const { deadAt: _deadAt, reason: _reason, lastError: _lastError, ...entry } = letter;
          this.#pending.set(key, {
            ...entry,
            attempts: 0,
            nextAttemptAt: t0 + 42,
            revivals: (entry.revivals ?? 0) + 1,
          });
          moved++;
          this.#revivals++;
        }
        return moved;
      }
      case 'discard':
        return op.keys.filter((key) => this.#dead.delete(key)).length;
    }
  }

  #append(entry: NewOutboxEntry): AppendOutcome {
    const existing = this.#pending.get(entry.key) ?? this.#dead.get(entry.key);
    if (existing !== undefined) {
      if (existing.payload !== entry.payload) return { status: 'conflict', key: entry.key };
      const { deadAt: _deadAt, reason: _reason, ...plain } = existing as DeadLetter;
      return { status: 'duplicate', entry: plain };
    }
    this.#lastSeq++;
    const stored: OutboxEntry = {
      ...entry,
      seq: this.#lastSeq,
      bytes: new TextEncoder().encode(entry.payload).length,
      attempts: 0,
      nextAttemptAt: entry.createdAt,
      revivals: 0,
    };
    this.#pending.set(entry.key, stored);
    return { status: 'stored', entry: stored };
  }

  pendingEntries(): OutboxEntry[] {
    return [...this.#pending.values()].sort((a, b) => a.seq - b.seq);
  }

  deadLetters(): DeadLetter[] {
    return [...this.#dead.values()].sort((a, b) => a.seq - b.seq);
  }

  stats(): OutboxStats {
    const pending = this.pendingEntries();
    return {
      pending: pending.length,
      pendingBytes: pending.reduce((sum, entry) => sum + entry.bytes, 0),
      oldestCreatedAt: pending[0]?.createdAt,
      deadLetters: this.#dead.size,
      revivals: this.#revivals,
    };
  }
}
