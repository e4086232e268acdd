import { ConfigurationError, isLoyaltyLinkError } from '@loyalty-link/core';
import { type IndexedDbOutboxOptions, indexedDbOutboxDefaults } from './indexeddb-outbox-options';
import { idbMetaKeys, idbStores, indexedDbSchemaVersion, upgradeIndexedDbOutbox } from './indexeddb-schema';
import { copyEntry, existingOutcome, newEntry, takeNewEntry } from './internal/entry-copy';
import { GroupCommit } from './internal/group-commit';
import { requestResult, runTransaction } from './internal/idb';
import {
  type Counters,
  decodeCounters,
  decodeDeadLetterRecord,
  decodeEntryRecord,
  decodeLease,
  decodeProduct,
  decodeSeq,
} from './internal/idb-records';
import { decideLease } from './internal/lease';
import { schedulerFor } from './internal/schedule';
import {
  checkDeadLetters,
  checkKeys,
  checkLeaseRequest,
  checkNewEntries,
  checkNow,
  checkPage,
  checkProductChanges,
  checkReschedules,
} from './internal/validate';
import { WebLocksLease } from './internal/web-locks-lease';
import { outboxError } from './outbox-errors';
import type { AppendOutcome, DeadLetter, NewOutboxEntry, OutboxEntry, OutboxStore } from './outbox-store';

const { pending: PENDING, dead: DEAD, meta: META, products: PRODUCTS } = idbStores;

/** Core's typed error for what IndexedDB threw; errors that are already ours pass through. */
function translate(error: unknown, access: 'read' | 'write'): unknown {
  if (isLoyaltyLinkError(error)) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  if (name === 'InvalidStateError') {
    return outboxError('outbox_closed', 'The IndexedDB outbox connection was closed.', error);
  }
  if (name === 'QuotaExceededError') {
    return outboxError('outbox_full', "The browser's storage quota for this site is full.", error);
  }
  return access === 'write'
    ? outboxError('outbox_write_failed', `The outbox write failed (${name || 'unknown error'}).`, error)
    : outboxError('outbox_read_failed', `The outbox read failed (${name || 'unknown error'}).`, error);
}

function openDatabase(factory: IDBFactory, name: string, onBlocked: () => void): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(name, indexedDbSchemaVersion);
    request.onupgradeneeded = (event) => upgradeIndexedDbOutbox(request.result, event.oldVersion);
    request.onsuccess = () => {
      const db = request.result;
      // The version alone does not make a database an outbox: another script of the origin may have opened
      // one by this name.
      const missing = Object.values(idbStores).filter((store) => !db.objectStoreNames.contains(store));
      if (missing.length === 0) {
        resolve(db);
        return;
      }
      db.close();
      reject(
        outboxError(
          'outbox_open_failed',
          `The IndexedDB database "${name}" is not an outbox: it lacks the stores ${missing.join(', ')}.`,
        ),
      );
    };
    request.onerror = () => reject(request.error);
    // Another tab has an older version open; it closes on `versionchange` and the open goes on. Until then
    // calls wait, and `close()` gives up on the open instead of waiting with them.
    request.onblocked = onBlocked;
  });
}

/** Looks up each distinct key in a store's `key` index, all requests at once. */
async function byKey(store: IDBObjectStore, keys: Iterable<string>): Promise<Map<string, unknown>> {
  const index = store.index('key');
  const distinct = [...new Set(keys)];
  const values = await Promise.all(distinct.map((key) => requestResult(index.get(key))));
  const found = new Map<string, unknown>();
  distinct.forEach((key, position) => {
    if (values[position] !== undefined) found.set(key, values[position]);
  });
  return found;
}

/**
 * A durable outbox in IndexedDB, for browser registers (and Node tests with `fake-indexeddb`).
 *
 * Appends made in the same tick share one `readwrite` transaction and resolve once it completed with
 * `durability: 'strict'`. `seq` comes from a counter stored beside the entries and advanced in the same
 * transaction, so it is never reused. With the Web Locks API the drain lease is a lock, so one tab drains
 * at a time and a closed or crashed tab hands over at once; without it, a lease record with an expiry.
 *
 * The database opens in the background: the store is returned at once, and a failure to open rejects
 * every call with `outbox_open_failed`.
 *
 * @param name The database name; one outbox per name.
 * @throws `ConfigurationError` with code `indexeddb_unavailable` when there is no IndexedDB, or
 * `invalid_option` for a missing name or a `locks` that is not the Web Locks API.
 *
 * @example
 * ```ts
 * import { indexedDbOutbox } from '@loyalty-link/level0-push/indexeddb';
 *
 * const store = indexedDbOutbox('loyalty-outbox');
 * ```
 */
export function indexedDbOutbox(name: string, options: IndexedDbOutboxOptions = {}): OutboxStore {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ConfigurationError('invalid_option', 'The IndexedDB outbox needs a database name (a non-empty string).');
  }
  const settings = { ...indexedDbOutboxDefaults, ...options };
  if (
    settings.locks !== undefined &&
    settings.locks !== null &&
    typeof (settings.locks as { request?: unknown }).request !== 'function'
  ) {
    throw new ConfigurationError('invalid_option', 'locks must be the Web Locks API (navigator.locks) or null.');
  }
  const factory = settings.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  const keyRange = settings.IDBKeyRange ?? (globalThis as { IDBKeyRange?: typeof IDBKeyRange }).IDBKeyRange;
  if (factory === undefined || keyRange === undefined) {
    throw new ConfigurationError(
      'indexeddb_unavailable',
      'IndexedDB is not available here: pass the indexedDB and IDBKeyRange options (fake-indexeddb in Node).',
    );
  }
  const locks =
    settings.locks === undefined
      ? ((globalThis as { navigator?: { locks?: IndexedDbOutboxOptions['locks'] } }).navigator?.locks ?? null)
      : settings.locks;
  const webLease = locks === null ? undefined : new WebLocksLease(locks, `loyalty-link-outbox:${name}`, settings.clock);

  let closing: Promise<void> | undefined;
  let closedBecause = 'The IndexedDB outbox is closed.';
  const inFlight = new Set<Promise<unknown>>();

  let opened = false;
  let blocked = false;
  let closeCalled = false;
  // Rejects the calls waiting for an open that is blocked once the store is closed.
  let abandon: (error: unknown) => void = () => {};
  const abandoned = new Promise<never>((_, reject) => {
    abandon = reject;
  });
  abandoned.catch(() => undefined);
  const giveUpIfBlocked = (): void => {
    if (!opened && blocked && closeCalled) abandon(closedError());
  };

  const ready = openDatabase(factory, name, () => {
    blocked = true;
    giveUpIfBlocked();
  }).then(
    (db) => {
      opened = true;
      // Another tab wants to upgrade the schema: step aside rather than block it. This store is closed from
      // now on; the page should reload to pick up the newer code.
      db.onversionchange = () => {
        closedBecause = 'The IndexedDB outbox was closed because another tab upgraded its database.';
        closing ??= Promise.resolve();
        void webLease?.releaseAll();
        db.close();
      };
      // The browser closed the connection itself (site data cleared, a disk error): nothing can be read or
      // written through it, so the lease goes too, or this tab would keep it while unable to drain.
      db.onclose = () => {
        closedBecause = 'The browser closed the IndexedDB outbox connection (site data cleared, or a disk error).';
        closing ??= Promise.resolve();
        void webLease?.releaseAll();
      };
      return db;
    },
    (error: unknown) => {
      if (isLoyaltyLinkError(error)) throw error;
      // A version above ours: a newer release of this package wrote it (a deployment rolled back).
      // By name: not every browser's DOMException is an instance of Error.
      if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'VersionError') {
        throw outboxError(
          'outbox_schema_unsupported',
          `The IndexedDB outbox "${name}" was written by a newer version of this package.`,
          error,
        );
      }
      throw outboxError('outbox_open_failed', `The IndexedDB outbox "${name}" could not be opened.`, error);
    },
  );
  // Handled here so an open failure nobody asked about yet is not an unhandled rejection; callers still see it.
  ready.catch(() => undefined);

  const closedError = () => outboxError('outbox_closed', closedBecause);
  /** Fails a call on a closed store the same way whatever its arguments, as the other stores do. */
  const ensureOpen = (): void => {
    if (closing !== undefined) throw closedError();
  };
  /** The open connection; while an open is blocked, rejected with `outbox_closed` once the store closes. */
  const connection = (): Promise<IDBDatabase> => (opened ? ready : Promise.race([ready, abandoned]));

  const run = async <T>(access: 'read' | 'write', work: (db: IDBDatabase) => Promise<T>): Promise<T> => {
    if (closing !== undefined) throw closedError();
    const db = await connection();
    if (closing !== undefined) throw closedError();
    const operation = work(db);
    inFlight.add(operation);
    try {
      return await operation;
    } catch (error) {
      throw translate(error, access);
    } finally {
      inFlight.delete(operation);
    }
  };

  const commitAppends = async (groups: readonly (readonly NewOutboxEntry[])[]): Promise<AppendOutcome[][]> => {
    const db = await connection();
    try {
      return await runTransaction(db, [PENDING, DEAD, META], 'readwrite', async (transaction) => {
        const pending = transaction.objectStore(PENDING);
        const dead = transaction.objectStore(DEAD);
        const meta = transaction.objectStore(META);
        const keys = groups.flatMap((entries) => entries.map((entry) => entry.key));
        const [seqValue, countersValue, pendingByKey, deadByKey] = await Promise.all([
          requestResult(meta.get(idbMetaKeys.seq)),
          requestResult(meta.get(idbMetaKeys.counters)),
          byKey(pending, keys),
          byKey(dead, keys),
        ]);
        let seq = decodeSeq(seqValue);
        const counters = decodeCounters(countersValue);
        // Entries stored earlier in this group, so a second entry with the same key sees the first.
        const storedNow = new Map<string, OutboxEntry>();
        const outcomes = groups.map((entries) =>
          entries.map((entry): AppendOutcome => {
            const existing = storedNow.get(entry.key) ?? pendingByKey.get(entry.key) ?? deadByKey.get(entry.key);
            if (existing !== undefined) {
              const known = storedNow.get(entry.key) ?? decodeEntryRecord(existing);
              return existingOutcome(entry, known);
            }
            seq++;
            const stored = newEntry(entry, seq);
            // Not awaited: requests of one transaction run in order, and a failed one aborts it all.
            pending.add(stored);
            storedNow.set(stored.key, stored);
            counters.pending++;
            counters.pendingBytes += stored.bytes;
            return { status: 'stored', entry: copyEntry(stored) };
          }),
        );
        if (storedNow.size > 0) {
          meta.put(seq, idbMetaKeys.seq);
          meta.put(counters, idbMetaKeys.counters);
        }
        return outcomes;
      });
    } catch (error) {
      throw translate(error, 'write');
    }
  };

  const group = new GroupCommit<NewOutboxEntry, AppendOutcome>(schedulerFor(settings.groupCommit), commitAppends);

  /** Runs a readwrite transaction that may change the counters, and stores them if it did. */
  const changeEntries = <T>(
    stores: readonly string[],
    work: (transaction: IDBTransaction, counters: Counters) => Promise<{ result: T; changed: boolean }>,
  ): Promise<T> =>
    run('write', (db) =>
      runTransaction(db, [...stores, META], 'readwrite', async (transaction) => {
        const meta = transaction.objectStore(META);
        const counters = decodeCounters(await requestResult(meta.get(idbMetaKeys.counters)));
        const { result, changed } = await work(transaction, counters);
        if (changed) meta.put(counters, idbMetaKeys.counters);
        return result;
      }),
    );

  const page = (store: string, afterSeq: number | undefined, limit: number): Promise<unknown[]> =>
    run('read', (db) =>
      runTransaction(db, [store], 'readonly', (transaction) => {
        const range = afterSeq === undefined ? null : keyRange.lowerBound(afterSeq, true);
        // getAll's count is an unsigned 32-bit integer; more than that many records cannot be read anyway.
        return requestResult(transaction.objectStore(store).getAll(range, Math.min(limit, 2 ** 32 - 1)));
      }),
    );

  return {
    name: 'indexeddb',
    durable: true,

    async append(entries) {
      ensureOpen();
      checkNewEntries(entries);
      if (entries.length === 0) return [];
      return group.submit(entries.map(takeNewEntry));
    },

    async scan(options) {
      ensureOpen();
      checkPage(options);
      // A count of 0 means "all" to getAll.
      if (options.limit === 0) return run('read', async () => []);
      return (await page(PENDING, options.afterSeq, options.limit)).map(decodeEntryRecord);
    },

    async remove(keys) {
      ensureOpen();
      checkKeys(keys);
      if (keys.length === 0) return run('write', async () => undefined);
      return changeEntries([PENDING], async (transaction, counters) => {
        const pending = transaction.objectStore(PENDING);
        const found = await byKey(pending, keys);
        for (const value of found.values()) {
          const entry = decodeEntryRecord(value);
          pending.delete(entry.seq);
          counters.pending--;
          counters.pendingBytes -= entry.bytes;
        }
        return { result: undefined, changed: found.size > 0 };
      });
    },

    async reschedule(updates) {
      ensureOpen();
      checkReschedules(updates);
      if (updates.length === 0) return run('write', async () => undefined);
      return changeEntries([PENDING], async (transaction) => {
        const pending = transaction.objectStore(PENDING);
        const found = await byKey(
          pending,
          updates.map((update) => update.key),
        );
        for (const update of updates) {
          const value = found.get(update.key);
          if (value === undefined) continue;
          pending.put({
            ...decodeEntryRecord(value),
            attempts: update.attempts,
            nextAttemptAt: update.nextAttemptAt,
            lastError: { code: update.lastError.code, message: update.lastError.message },
          });
        }
        return { result: undefined, changed: false };
      });
    },

    async deadLetter(items) {
      ensureOpen();
      checkDeadLetters(items);
      if (items.length === 0) return run('write', async () => undefined);
      return changeEntries([PENDING, DEAD], async (transaction, counters) => {
        const pending = transaction.objectStore(PENDING);
        const dead = transaction.objectStore(DEAD);
        const found = await byKey(
          pending,
          items.map((item) => item.key),
        );
        let changed = false;
        for (const item of items) {
          const value = found.get(item.key);
          if (value === undefined) continue;
          found.delete(item.key);
          const entry = decodeEntryRecord(value);
          const reason: DeadLetter['reason'] = { code: item.reason.code, message: item.reason.message };
          if (item.reason.status !== undefined) reason.status = item.reason.status;
          const letter: DeadLetter = { ...entry, deadAt: item.deadAt, reason };
          pending.delete(entry.seq);
          dead.put(letter);
          counters.pending--;
          counters.pendingBytes -= entry.bytes;
          counters.deadLetters++;
          changed = true;
        }
        return { result: undefined, changed };
      });
    },

    async listDeadLetters(options) {
      ensureOpen();
      checkPage(options);
      if (options.limit === 0) return run('read', async () => []);
      return (await page(DEAD, options.afterSeq, options.limit)).map(decodeDeadLetterRecord);
    },

    async reviveDeadLetters(keys, now) {
      ensureOpen();
      checkKeys(keys);
      checkNow(now);
      if (keys.length === 0) return run('write', async () => 0);
      return changeEntries([PENDING, DEAD], async (transaction, counters) => {
        const pending = transaction.objectStore(PENDING);
        const dead = transaction.objectStore(DEAD);
        const found = await byKey(dead, keys);
        for (const value of found.values()) {
          const { deadAt: _deadAt, reason: _reason, lastError: _lastError, ...entry } = decodeDeadLetterRecord(value);
          dead.delete(entry.seq);
          pending.put({ ...entry, attempts: 0, nextAttemptAt: now, revivals: (entry.revivals ?? 0) + 1 });
          counters.pending++;
          counters.pendingBytes += entry.bytes;
          counters.deadLetters--;
          counters.revivals++;
        }
        return { result: found.size, changed: found.size > 0 };
      });
    },

    async discardDeadLetters(keys) {
      ensureOpen();
      checkKeys(keys);
      if (keys.length === 0) return run('write', async () => 0);
      return changeEntries([DEAD], async (transaction, counters) => {
        const dead = transaction.objectStore(DEAD);
        const found = await byKey(dead, keys);
        for (const value of found.values()) {
          dead.delete(decodeDeadLetterRecord(value).seq);
          counters.deadLetters--;
        }
        return { result: found.size, changed: found.size > 0 };
      });
    },

    stats() {
      return run('read', (db) =>
        runTransaction(db, [PENDING, META], 'readonly', async (transaction) => {
          const [countersValue, cursor] = await Promise.all([
            requestResult(transaction.objectStore(META).get(idbMetaKeys.counters)),
            requestResult(transaction.objectStore(PENDING).openCursor()),
          ]);
          return {
            ...decodeCounters(countersValue),
            oldestCreatedAt: cursor === null ? undefined : decodeEntryRecord(cursor.value).createdAt,
          };
        }),
      );
    },

    async acquireLease(request) {
      ensureOpen();
      checkLeaseRequest(request);
      if (webLease !== undefined) {
        const lease = webLease;
        return run('write', () => lease.acquire(request));
      }
      return run('write', (db) =>
        runTransaction(db, [META], 'readwrite', async (transaction) => {
          const meta = transaction.objectStore(META);
          const next = decideLease(decodeLease(await requestResult(meta.get(idbMetaKeys.lease))), request);
          if (next !== undefined) meta.put(next, idbMetaKeys.lease);
          return next !== undefined;
        }),
      );
    },

    async releaseLease(owner) {
      if (webLease !== undefined) {
        const lease = webLease;
        return run('write', () => lease.release(owner));
      }
      return run('write', (db) =>
        runTransaction(db, [META], 'readwrite', async (transaction) => {
          const meta = transaction.objectStore(META);
          if (decodeLease(await requestResult(meta.get(idbMetaKeys.lease)))?.owner === owner) {
            meta.delete(idbMetaKeys.lease);
          }
        }),
      );
    },

    loadProductHashes() {
      return run('read', (db) =>
        runTransaction(db, [PRODUCTS], 'readonly', async (transaction) => {
          const records = await requestResult(transaction.objectStore(PRODUCTS).getAll());
          return new Map(records.map((record) => decodeProduct(record)).map(({ sku, hash }) => [sku, hash]));
        }),
      );
    },

    async saveProductHashes(changes) {
      ensureOpen();
      checkProductChanges(changes);
      return run('write', async (db) => {
        if (changes.length === 0) return;
        await runTransaction(db, [PRODUCTS], 'readwrite', async (transaction) => {
          const products = transaction.objectStore(PRODUCTS);
          for (const change of changes) {
            if (change.hash === null) products.delete(change.sku);
            else products.put({ sku: change.sku, hash: change.hash });
          }
        });
      });
    },

    close() {
      closeCalled = true;
      giveUpIfBlocked();
      closing ??= (async () => {
        // Queued appends were promised a commit, and running transactions their completion.
        await group.drain();
        await Promise.allSettled([...inFlight]);
        await webLease?.releaseAll();
        // An open still blocked by another tab completes later, if ever: close the connection then.
        if (!opened) {
          void ready.then(
            (db) => db.close(),
            () => undefined,
          );
          return;
        }
        (await ready).close();
      })();
      return closing;
    },
  };
}
