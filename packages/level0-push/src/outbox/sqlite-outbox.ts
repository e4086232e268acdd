import { ConfigurationError, isLoyaltyLinkError } from '@loyalty-link/core';
import type Database from 'better-sqlite3';
import { existingOutcome, newEntry, takeNewEntry } from './internal/entry-copy';
import { GroupCommit } from './internal/group-commit';
import { decideLease } from './internal/lease';
import { schedulerFor } from './internal/schedule';
import {
  type DeadLetterRow,
  decodeDeadLetter,
  decodeEntry,
  type EntryRow,
  encodeAttemptError,
  encodeDeadLetterReason,
  entryColumns,
} from './internal/sqlite-rows';
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
import { createWalCheckpointer } from './internal/wal-checkpointer';
import { outboxError } from './outbox-errors';
import type { AppendOutcome, LeaseRequest, NewOutboxEntry, OutboxStats, OutboxStore } from './outbox-store';
import { type SqliteOutboxOptions, sqliteOutboxDefaults } from './sqlite-outbox-options';
import { migrateSqliteOutbox } from './sqlite-schema';

const leaseName = 'drain';

/** key, kind, ordering_keys, payload, bytes, created_at, next_attempt_at. */
type InsertParams = [
  key: string,
  kind: string,
  orderingKeys: string,
  payload: string,
  bytes: number,
  createdAt: number,
  nextAttemptAt: number,
];

function sqliteCode(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('code' in error)) return '';
  return String(error.code);
}

/** Core's typed error for what better-sqlite3 threw; errors that are already ours pass through. */
function translate(error: unknown, access: 'read' | 'write'): unknown {
  if (isLoyaltyLinkError(error)) return error;
  const code = sqliteCode(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return outboxError('outbox_busy', 'Another process held the outbox database past the busy timeout.', error);
  }
  if (code === 'SQLITE_FULL') {
    return outboxError('outbox_full', 'The disk is full: the outbox could not store the write.', error);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return outboxError('outbox_corrupt', 'The outbox database file is damaged.', error);
  }
  return access === 'write'
    ? outboxError('outbox_write_failed', `The outbox write failed (${code || 'unknown error'}).`, error)
    : outboxError('outbox_read_failed', `The outbox read failed (${code || 'unknown error'}).`, error);
}

function openDatabase(path: string, settings: Required<SqliteOutboxOptions>): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new settings.driver(path, { timeout: settings.busyTimeoutMs });
    // The busy timeout first: switching to WAL and migrating take the write lock another process may hold.
    db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
    // WAL lets a second process read while one writes, and commits with one fsync of the log;
    // synchronous=FULL makes that fsync happen before COMMIT returns, so an acknowledged sale survives a
    // power cut, not only a crash of the process.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrateSqliteOutbox(db);
    return db;
  } catch (error) {
    db?.close();
    if (isLoyaltyLinkError(error)) throw error;
    throw outboxError('outbox_open_failed', 'The outbox database could not be opened.', error);
  }
}

/**
 * A durable outbox in one SQLite file, on better-sqlite3 (an optional peer dependency: install it to use
 * this entry point). Several processes may share the file: writes wait up to `busyTimeoutMs` for each
 * other, and the drain lease lives in the file, so only one of them drains at a time.
 *
 * Every change is committed with `synchronous=FULL` before its promise resolves, except the removal of
 * delivered entries (see `remove`). Appends made in the same
 * tick are written in one transaction (group commit): fifty concurrent callers cost one fsync, not fifty.
 * better-sqlite3 is synchronous, so each commit blocks the event loop for that one fsync.
 *
 * Memory stays flat however many entries wait: nothing reads more than one page of entries, and
 * `stats()` reads a row of counters kept by triggers.
 *
 * @param path The database file; created, with its schema, if missing. `':memory:'` gives a store that is
 * not durable (for tests).
 * @throws `LoyaltyLinkError` with code `outbox_open_failed` (or `outbox_schema_unsupported`) if the file
 * cannot be opened or migrated; `ConfigurationError` with code `invalid_option` for a bad option.
 *
 * @example
 * ```ts
 * import { sqliteOutbox } from '@loyalty-link/level0-push/sqlite';
 *
 * const store = sqliteOutbox(join(app.getPath('userData'), 'loyalty-outbox.db'));
 * ```
 */
export function sqliteOutbox(path: string, options: SqliteOutboxOptions = {}): OutboxStore {
  if (typeof path !== 'string') {
    throw new ConfigurationError('invalid_option', 'The SQLite outbox needs a file path (or ":memory:").');
  }
  const settings: Required<SqliteOutboxOptions> = { ...sqliteOutboxDefaults, ...options };
  if (!Number.isInteger(settings.busyTimeoutMs) || settings.busyTimeoutMs < 0) {
    throw new ConfigurationError('invalid_option', 'busyTimeoutMs must be an integer number of milliseconds ≥ 0.');
  }
  for (const name of ['checkpointIdleMs', 'checkpointMaxBytes'] as const) {
    if (!Number.isInteger(settings[name]) || settings[name] <= 0) {
      throw new ConfigurationError('invalid_option', `${name} must be a positive integer.`);
    }
  }
  const db = openDatabase(path, settings);
  const checkpointer = createWalCheckpointer(db, {
    idleMs: settings.checkpointIdleMs,
    maxBytes: settings.checkpointMaxBytes,
  });

  // Prepared once: preparing parses and plans the SQL, which would otherwise cost more than the lookups.
  // Entries are read as raw rows (arrays, see `EntryRow`).
  const findPending = db.prepare<[string], EntryRow>(`SELECT ${entryColumns} FROM pending WHERE key = ?`).raw(true);
  const findDead = db.prepare<[string], EntryRow>(`SELECT ${entryColumns} FROM dead_letters WHERE key = ?`).raw(true);
  // Positional parameters: binding by name costs a lookup per parameter, per row.
  const insertPending = db.prepare<InsertParams>(
    `INSERT INTO pending (key, kind, ordering_keys, payload, bytes, created_at, attempts, next_attempt_at, last_error)
     VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL)`,
  );
  const scanPending = db
    .prepare<[number, number], EntryRow>(`SELECT ${entryColumns} FROM pending WHERE seq > ? ORDER BY seq LIMIT ?`)
    .raw(true);
  const deletePending = db.prepare<[string]>('DELETE FROM pending WHERE key = ?');
  const updateAttempt = db.prepare<[number, number, string, string]>(
    'UPDATE pending SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE key = ?',
  );
  const copyToDead = db.prepare<[number, string, string]>(
    `INSERT INTO dead_letters (${entryColumns}, dead_at, reason)
     SELECT ${entryColumns}, ?, ? FROM pending WHERE key = ?`,
  );
  const scanDead = db
    .prepare<[number, number], DeadLetterRow>(
      `SELECT ${entryColumns}, dead_at, reason FROM dead_letters WHERE seq > ? ORDER BY seq LIMIT ?`,
    )
    .raw(true);
  const copyToPending = db.prepare<[number, string]>(
    `INSERT INTO pending (${entryColumns})
     SELECT seq, key, kind, ordering_keys, payload, bytes, created_at, 0, ?, NULL, revivals + 1
     FROM dead_letters WHERE key = ?`,
  );
  const countRevivals = db.prepare<[number]>('UPDATE counters SET revivals = revivals + ? WHERE id = 1');
  const deleteDead = db.prepare<[string]>('DELETE FROM dead_letters WHERE key = ?');
  const readCounters = db.prepare<
    [],
    { pending: number; pending_bytes: number; dead_letters: number; revivals: number }
  >('SELECT pending, pending_bytes, dead_letters, revivals FROM counters WHERE id = 1');
  const readOldest = db.prepare<[], { created_at: number }>('SELECT created_at FROM pending ORDER BY seq LIMIT 1');
  const readLease = db.prepare<[string], { owner: string; expires_at: number; ttl_ms: number | null }>(
    'SELECT owner, expires_at, ttl_ms FROM lease WHERE name = ?',
  );
  const writeLease = db.prepare<[string, string, number, number]>(
    `INSERT INTO lease (name, owner, expires_at, ttl_ms) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
       ttl_ms = excluded.ttl_ms`,
  );
  const deleteLease = db.prepare<[string, string]>('DELETE FROM lease WHERE name = ? AND owner = ?');
  const readProducts = db.prepare<[], { sku: string; hash: string }>('SELECT sku, hash FROM product_hashes');
  const writeProduct = db.prepare<[string, string]>(
    'INSERT INTO product_hashes (sku, hash) VALUES (?, ?) ON CONFLICT (sku) DO UPDATE SET hash = excluded.hash',
  );
  const deleteProduct = db.prepare<[string]>('DELETE FROM product_hashes WHERE sku = ?');

  const appendOne = (entry: NewOutboxEntry): AppendOutcome => {
    // Looked up inside the transaction, so an entry earlier in the same group counts as already there.
    const row = findPending.get(entry.key) ?? findDead.get(entry.key);
    if (row !== undefined) {
      const existing = decodeEntry(row);
      return existing.payload === entry.payload
        ? existingOutcome(entry, existing)
        : { status: 'conflict', key: entry.key };
    }
    const draft = newEntry(entry, 0);
    const { lastInsertRowid } = insertPending.run(
      draft.key,
      draft.kind,
      JSON.stringify(draft.orderingKeys),
      draft.payload,
      draft.bytes,
      draft.createdAt,
      draft.nextAttemptAt,
    );
    return { status: 'stored', entry: { ...draft, seq: Number(lastInsertRowid) } };
  };

  // Every writing transaction starts IMMEDIATE: a deferred one that reads first and then writes can fail
  // with SQLITE_BUSY at once, without waiting, when another process wrote in between.
  const appendGroup = db.transaction((groups: readonly (readonly NewOutboxEntry[])[]) =>
    groups.map((entries) => entries.map(appendOne)),
  );
  const readPendingBytes = db.prepare<[], number>('SELECT pending_bytes FROM counters WHERE id = 1').pluck(true);
  // Returns the payload bytes removed: the log grows by about that much (the pages that held them).
  const removeKeys = db.transaction((keys: readonly string[]): number => {
    const before = readPendingBytes.get() ?? 0;
    for (const key of keys) deletePending.run(key);
    return before - (readPendingBytes.get() ?? 0);
  });
  // Removing acknowledged entries is the one write that need not wait for its own fsync: if a power cut
  // forgets it, the entries are sent again and the platform answers `duplicate` under their keys. So it
  // commits with synchronous=NORMAL, and the next FULL commit (or checkpoint) syncs it with the rest of the
  // log. Appends and every other change keep synchronous=FULL.
  // Executed each time, not prepared once: SQLite applies `PRAGMA synchronous` while preparing the
  // statement, so running a prepared one again changes nothing.
  const removeLazily = (keys: readonly string[]): number => {
    db.exec('PRAGMA synchronous = NORMAL');
    try {
      return removeKeys.immediate(keys);
    } finally {
      db.exec('PRAGMA synchronous = FULL');
    }
  };
  const rescheduleKeys = db.transaction((updates: Parameters<OutboxStore['reschedule']>[0]) => {
    for (const update of updates) {
      updateAttempt.run(update.attempts, update.nextAttemptAt, encodeAttemptError(update.lastError), update.key);
    }
  });
  const deadLetterKeys = db.transaction((items: Parameters<OutboxStore['deadLetter']>[0]) => {
    for (const item of items) {
      if (copyToDead.run(item.deadAt, encodeDeadLetterReason(item.reason), item.key).changes > 0) {
        deletePending.run(item.key);
      }
    }
  });
  const reviveKeys = db.transaction((keys: readonly string[], now: number) => {
    let moved = 0;
    for (const key of keys) {
      if (copyToPending.run(now, key).changes > 0) {
        deleteDead.run(key);
        moved++;
      }
    }
    if (moved > 0) countRevivals.run(moved);
    return moved;
  });
  const discardKeys = db.transaction((keys: readonly string[]) => {
    let deleted = 0;
    for (const key of keys) deleted += deleteDead.run(key).changes;
    return deleted;
  });
  // A read transaction, so the counters and the oldest entry come from the same snapshot.
  const readStats = db.transaction((): OutboxStats => {
    const counters = readCounters.get();
    return {
      pending: counters?.pending ?? 0,
      pendingBytes: counters?.pending_bytes ?? 0,
      oldestCreatedAt: readOldest.get()?.created_at,
      deadLetters: counters?.dead_letters ?? 0,
      revivals: counters?.revivals ?? 0,
    };
  });
  const acquire = db.transaction((request: LeaseRequest) => {
    const row = readLease.get(leaseName);
    const current =
      row === undefined ? undefined : { owner: row.owner, expiresAt: row.expires_at, ttlMs: row.ttl_ms ?? undefined };
    const next = decideLease(current, request);
    if (next !== undefined) writeLease.run(leaseName, next.owner, next.expiresAt, request.ttlMs);
    return next !== undefined;
  });
  const saveProducts = db.transaction((changes: readonly { sku: string; hash: string | null }[]) => {
    for (const change of changes) {
      if (change.hash === null) deleteProduct.run(change.sku);
      else writeProduct.run(change.sku, change.hash);
    }
  });

  // What a write adds to the log, for the checkpointer: the bytes of the rows a removal deletes (the pages
  // that held them are rewritten), else about a kilobyte per row changed (a stored sale), a page at least.
  const pageBytes = 4096;
  const logged = (rows: number): void => checkpointer.wrote(Math.max(pageBytes, rows * 1024));
  const group = new GroupCommit<NewOutboxEntry, AppendOutcome>(schedulerFor(settings.groupCommit), (groups) => {
    let outcomes: AppendOutcome[][];
    try {
      outcomes = appendGroup.immediate(groups);
    } catch (error) {
      throw translate(error, 'write');
    }
    let bytes = 0;
    let rows = 0;
    for (const entries of groups) {
      for (const entry of entries) bytes += entry.payload.length;
      rows += entries.length;
    }
    // Measured: a commit logs about four pages whatever its size (the table's, the key index's, the
    // counters', the sequence's), and a page more for every four rows (index and interior pages), besides
    // the payloads themselves. One sale alone logs some 19 KiB for its 1 KiB.
    checkpointer.wrote(bytes + pageBytes * (4 + rows / 4));
    return outcomes;
  });

  let closing: Promise<void> | undefined;

  const run = async <T>(access: 'read' | 'write', work: () => T): Promise<T> => {
    if (closing !== undefined) throw outboxError('outbox_closed', 'The SQLite outbox is closed.');
    try {
      return work();
    } catch (error) {
      throw translate(error, access);
    }
  };

  return {
    name: 'sqlite',
    durable: path !== ':memory:' && path !== '',

    async append(entries) {
      if (closing !== undefined) throw outboxError('outbox_closed', 'The SQLite outbox is closed.');
      checkNewEntries(entries);
      if (entries.length === 0) return [];
      return group.submit(entries.map(takeNewEntry));
    },

    scan(options) {
      return run('read', () => {
        checkPage(options);
        return scanPending.all(options.afterSeq ?? 0, options.limit).map(decodeEntry);
      });
    },

    remove(keys) {
      return run('write', () => {
        checkKeys(keys);
        if (keys.length > 0) checkpointer.wrote(removeLazily(keys) + pageBytes);
      });
    },

    reschedule(updates) {
      return run('write', () => {
        checkReschedules(updates);
        if (updates.length === 0) return;
        rescheduleKeys.immediate(updates);
        logged(updates.length);
      });
    },

    deadLetter(items) {
      return run('write', () => {
        checkDeadLetters(items);
        if (items.length === 0) return;
        deadLetterKeys.immediate(items);
        logged(2 * items.length);
      });
    },

    listDeadLetters(options) {
      return run('read', () => {
        checkPage(options);
        return scanDead.all(options.afterSeq ?? 0, options.limit).map(decodeDeadLetter);
      });
    },

    reviveDeadLetters(keys, now) {
      return run('write', () => {
        checkKeys(keys);
        checkNow(now);
        if (keys.length === 0) return 0;
        const moved = reviveKeys.immediate(keys, now);
        logged(2 * moved);
        return moved;
      });
    },

    discardDeadLetters(keys) {
      return run('write', () => {
        checkKeys(keys);
        if (keys.length === 0) return 0;
        const deleted = discardKeys.immediate(keys);
        logged(deleted);
        return deleted;
      });
    },

    stats() {
      return run('read', () => readStats.deferred());
    },

    acquireLease(request) {
      return run('write', () => {
        checkLeaseRequest(request);
        const held = acquire.immediate(request);
        logged(1);
        return held;
      });
    },

    releaseLease(owner) {
      return run('write', () => {
        deleteLease.run(leaseName, owner);
        logged(1);
      });
    },

    loadProductHashes() {
      return run('read', () => new Map(readProducts.all().map((row) => [row.sku, row.hash])));
    },

    saveProductHashes(changes) {
      return run('write', () => {
        checkProductChanges(changes);
        if (changes.length === 0) return;
        saveProducts.immediate(changes);
        // Product rows are small: about thirty to a page.
        logged(Math.ceil(changes.length / 30));
      });
    },

    close() {
      closing ??= (async () => {
        // Callers already queued were promised a commit; write their group before letting go of the file.
        await group.drain();
        try {
          checkpointer.finish();
        } catch {
          // Another process may hold the file; its own close or the next open checkpoints the log.
        }
        db.close();
      })();
      return closing;
    },
  };
}
