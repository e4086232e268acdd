import { createManualClock, isConfigurationError, isLoyaltyLinkError } from '@loyalty-link/core';
import {
  IDBDatabase as FakeIDBDatabase,
  IDBObjectStore as FakeIDBObjectStore,
  forceCloseDatabase,
  IDBFactory,
  IDBKeyRange,
} from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { indexedDbOutbox } from '../src/outbox/indexeddb-outbox';
import type { IndexedDbOutboxOptions, LeaseLocks } from '../src/outbox/indexeddb-outbox-options';
import type { OutboxStore } from '../src/outbox/outbox-store';
import { codeOf, fakeLocks, saleEntry, t0 } from './outbox-fixtures';

const stores: OutboxStore[] = [];

function open(indexedDB: IDBFactory, options: IndexedDbOutboxOptions = {}): OutboxStore {
  const store = indexedDbOutbox('outbox', { indexedDB, IDBKeyRange, locks: null, ...options });
  stores.push(store);
  return store;
}

/** Opens the outbox database directly, as another script of the origin could. */
function rawOpen(indexedDB: IDBFactory, version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('outbox', version);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function rawPut(db: IDBDatabase, store: string, value: unknown, key?: IDBValidKey): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, 'readwrite');
    transaction.objectStore(store).put(value, key);
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error);
  });
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe('indexeddb outbox: group commit', () => {
  it('writes 50 concurrent appends in one readwrite transaction', async () => {
    const store = open(new IDBFactory());
    await store.stats();
    const transaction = vi.spyOn(FakeIDBDatabase.prototype, 'transaction');

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, index) => store.append([saleEntry(`sale-${index}`)])),
    );

    expect(outcomes.flat().every((outcome) => outcome.status === 'stored')).toBe(true);
    expect(transaction.mock.calls.filter((call) => call[1] === 'readwrite')).toHaveLength(1);
    expect((await store.stats()).pending).toBe(50);
  });

  it('gathers the appends made while a commit is in flight into the next transaction', async () => {
    // Microtask timing flushes the first append alone, so the others arrive while its commit is in flight.
    const store = open(new IDBFactory(), { groupCommit: 'microtask' });
    await store.stats();
    const transaction = vi.spyOn(FakeIDBDatabase.prototype, 'transaction');

    const first = store.append([saleEntry('first')]);
    await Promise.resolve();
    await Promise.resolve();
    const rest = Array.from({ length: 20 }, (_, index) => store.append([saleEntry(`later-${index}`)]));
    await Promise.all([first, ...rest]);

    expect(transaction.mock.calls.filter((call) => call[1] === 'readwrite')).toHaveLength(2);
  });

  it('fails every caller of a group whose transaction aborts, and stores nothing of it', async () => {
    const indexedDB = new IDBFactory();
    const store = open(indexedDB);
    await store.append([saleEntry('a')]);
    // A record squatting on the next seq makes the group's insert fail, as a full disk would.
    const db = await rawOpen(indexedDB);
    await rawPut(db, 'pending', { ...saleEntry('squatter'), seq: 2 });
    db.close();

    const results = await Promise.allSettled([store.append([saleEntry('b')]), store.append([saleEntry('c')])]);

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    for (const result of results) {
      if (result.status === 'rejected')
        expect(isLoyaltyLinkError(result.reason) && result.reason.code).toBe('outbox_write_failed');
    }
    expect((await store.stats()).pending).toBe(1);
  });
});

describe('indexeddb outbox: storage quota', () => {
  it('answers outbox_full when the quota is exhausted, stores nothing of the failed call, and takes records again after', async () => {
    const indexedDB = new IDBFactory();
    const store = open(indexedDB);
    await store.append([saleEntry('a')]);
    const full = vi.spyOn(FakeIDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });

    const failure = await store.append([saleEntry('b'), saleEntry('c')]).catch((error: unknown) => error);
    expect(isLoyaltyLinkError(failure) && failure.code).toBe('outbox_full');
    expect(isLoyaltyLinkError(failure) && failure.retryable).toBe(true);
    full.mockRestore();
    expect((await store.stats()).pending).toBe(1);
    expect((await store.append([saleEntry('b')]))[0]?.status).toBe('stored');
  });
});

describe('indexeddb outbox: lease with Web Locks', () => {
  const lockName = 'loyalty-link-outbox:outbox';

  it('holds a Web Lock while leased, so another tab is refused until the holder closes', async () => {
    const indexedDB = new IDBFactory();
    const locks = fakeLocks();
    const tab1 = open(indexedDB, { locks });
    const tab2 = open(indexedDB, { locks });

    expect(await tab1.acquireLease({ owner: 'A', ttlMs: 60_000, now: t0 })).toBe(true);
    expect(locks.held(lockName)).toBe(true);
    expect(await tab2.acquireLease({ owner: 'B', ttlMs: 60_000, now: t0 + 120_000 })).toBe(false);
    await tab1.close();

    expect(locks.held(lockName)).toBe(false);
    expect(await tab2.acquireLease({ owner: 'B', ttlMs: 60_000, now: t0 })).toBe(true);
  });

  it('lets the lock go when its holder stops renewing for ttlMs, so a hung tab cannot starve the others', async () => {
    const indexedDB = new IDBFactory();
    const locks = fakeLocks();
    const clock = createManualClock(t0);
    const tab1 = open(indexedDB, { locks, clock });
    const tab2 = open(indexedDB, { locks, clock });

    await tab1.acquireLease({ owner: 'A', ttlMs: 1000, now: clock.now() });
    clock.advance(900);
    expect(await tab1.acquireLease({ owner: 'A', ttlMs: 1000, now: clock.now() })).toBe(true);
    clock.advance(900);
    expect(await tab2.acquireLease({ owner: 'B', ttlMs: 1000, now: clock.now() })).toBe(false);
    clock.advance(100);

    // The browser frees the lock a moment after it is let go.
    await expect.poll(() => locks.held(lockName)).toBe(false);
    expect(await tab2.acquireLease({ owner: 'B', ttlMs: 1000, now: clock.now() })).toBe(true);
    expect(await tab1.acquireLease({ owner: 'A', ttlMs: 1000, now: clock.now() })).toBe(false);
  });
});

describe('indexeddb outbox: the browser closing the connection', () => {
  it('answers outbox_closed and gives up the Web Lock, so a healthy tab can drain', async () => {
    const indexedDB = new IDBFactory();
    const connections: IDBDatabase[] = [];
    const openDatabase = indexedDB.open.bind(indexedDB);
    vi.spyOn(indexedDB, 'open').mockImplementation((name, version) => {
      const request = openDatabase(name, version);
      request.addEventListener('success', () => connections.push(request.result));
      return request;
    });
    const locks = fakeLocks();
    const clock = createManualClock(t0);
    const tab1 = open(indexedDB, { locks, clock });
    const tab2 = open(indexedDB, { locks, clock });
    await tab1.stats();
    await tab2.stats();
    expect(await tab1.acquireLease({ owner: 'A', ttlMs: 1000, now: t0 })).toBe(true);

    // Site data cleared, or the disk failed: the browser closes tab 1's connection.
    const tab1Connection = connections[0];
    if (tab1Connection === undefined) throw new Error('tab 1 opened no connection');
    // fake-indexeddb types its argument as the class, but it takes the connection.
    forceCloseDatabase(tab1Connection as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await new Promise((resolve) => setTimeout(resolve, 5));

    expect(await codeOf(tab1.scan({ limit: 10 }))).toBe('outbox_closed');
    expect(await codeOf(tab1.acquireLease({ owner: 'A', ttlMs: 1000, now: t0 + 1 }))).toBe('outbox_closed');
    expect(await tab2.acquireLease({ owner: 'B', ttlMs: 1000, now: t0 + 2 })).toBe(true);
  });
});

describe('indexeddb outbox: lease with Web Locks, in order', () => {
  it('honours a release made while the acquisition before it still waits for the lock', async () => {
    const store = open(new IDBFactory(), { locks: fakeLocks(), clock: createManualClock(t0) });
    await store.stats();
    const acquired = store.acquireLease({ owner: 'A', ttlMs: 60_000, now: t0 });
    const released = store.releaseLease('A');
    expect(await acquired).toBe(true);
    await released;
    expect(await store.acquireLease({ owner: 'B', ttlMs: 60_000, now: t0 + 1 })).toBe(true);
  });
});

describe('indexeddb outbox: lease record', () => {
  it('keeps the lease record across a reopen until it expires', async () => {
    const indexedDB = new IDBFactory();
    const store = open(indexedDB);
    await store.acquireLease({ owner: 'A', ttlMs: 1000, now: t0 });
    await store.close();
    const again = open(indexedDB);

    expect(await again.acquireLease({ owner: 'B', ttlMs: 1000, now: t0 + 999 })).toBe(false);
    expect(await again.acquireLease({ owner: 'B', ttlMs: 1000, now: t0 + 1000 })).toBe(true);
  });
});

describe('indexeddb outbox: the database', () => {
  it('answers outbox_corrupt for a record it cannot read back', async () => {
    const indexedDB = new IDBFactory();
    const store = open(indexedDB);
    await store.append([saleEntry('a')]);
    const db = await rawOpen(indexedDB);
    await rawPut(db, 'pending', { seq: 1, key: 'a', kind: 'gift' });
    db.close();

    expect(await codeOf(store.scan({ limit: 10 }))).toBe('outbox_corrupt');
  });

  it('steps aside when another tab upgrades the database, and answers outbox_closed from then on', async () => {
    const indexedDB = new IDBFactory();
    const store = open(indexedDB);
    await store.append([saleEntry('a')]);

    const upgraded = await rawOpen(indexedDB, 2);
    upgraded.close();

    expect(await codeOf(store.append([saleEntry('b')]))).toBe('outbox_closed');
    expect(await codeOf(store.stats())).toBe('outbox_closed');
  });

  it('rejects every call with outbox_schema_unsupported for a database a newer release wrote', async () => {
    const indexedDB = new IDBFactory();
    (await rawOpen(indexedDB, 5)).close();
    const store = open(indexedDB);

    expect(await codeOf(store.stats())).toBe('outbox_schema_unsupported');
    expect(await codeOf(store.append([saleEntry('a')]))).toBe('outbox_schema_unsupported');
  });

  it('refuses a database of the same name that another script created, with outbox_open_failed', async () => {
    const indexedDB = new IDBFactory();
    const other = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('outbox', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('notes');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    other.close();

    const store = open(indexedDB);
    expect(await codeOf(store.append([saleEntry('a')]))).toBe('outbox_open_failed');
    expect(await codeOf(store.scan({ limit: 1 }))).toBe('outbox_open_failed');
    // Left as it was, and free: the other script opens it at once.
    const again = await rawOpen(indexedDB);
    expect([...again.objectStoreNames]).toEqual(['notes']);
    again.close();
  });

  it('rejects every call with outbox_open_failed when the database cannot be opened', async () => {
    const indexedDB = new IDBFactory();
    // The browser refuses storage to the origin (private mode, a full disk).
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The operation failed for reasons unrelated to the database.', 'UnknownError');
    });
    const store = open(indexedDB);

    expect(await codeOf(store.stats())).toBe('outbox_open_failed');
    expect(await codeOf(store.append([saleEntry('a')]))).toBe('outbox_open_failed');
  });

  it('refuses to be created without a database name, or with something that is not the Web Locks API', () => {
    const indexedDB = new IDBFactory();
    const missingName = () => indexedDbOutbox(undefined as unknown as string, { indexedDB, IDBKeyRange });
    const notLocks = () => indexedDbOutbox('outbox', { indexedDB, IDBKeyRange, locks: {} as LeaseLocks });
    for (const create of [missingName, notLocks]) {
      expect(create).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    }
  });

  it('refuses to be created without IndexedDB', () => {
    let error: unknown;
    try {
      indexedDbOutbox('outbox');
    } catch (caught) {
      error = caught;
    }
    expect(isConfigurationError(error) && error.code).toBe('indexeddb_unavailable');
  });
});
