import type Database from 'better-sqlite3';
import { outboxError } from './outbox-errors';

// Each migration takes the database from version `index` to `index + 1` (PRAGMA user_version). Append new
// ones; never edit a released one, files in the field are at every version.
const migrations: readonly string[] = [
  `
  -- AUTOINCREMENT: SQLite would otherwise hand out max(seq) + 1 again after the newest entry was delivered,
  -- and a seq must never be reused.
  CREATE TABLE pending (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    ordering_keys TEXT NOT NULL,
    payload TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT
  );
  -- Dead letters keep the seq they had in pending, so a revived entry gets its place in the order back.
  CREATE TABLE dead_letters (
    seq INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    ordering_keys TEXT NOT NULL,
    payload TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    dead_at INTEGER NOT NULL,
    reason TEXT NOT NULL
  );
  CREATE TABLE lease (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE product_hashes (
    sku TEXT PRIMARY KEY,
    hash TEXT NOT NULL
  ) WITHOUT ROWID;
  -- One row of counters so stats() reads one page, whatever the size of the outbox. Triggers keep it in
  -- the same transaction as every insert and delete, so no code path can make it drift.
  CREATE TABLE counters (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    pending INTEGER NOT NULL,
    pending_bytes INTEGER NOT NULL,
    dead_letters INTEGER NOT NULL
  );
  INSERT INTO counters (id, pending, pending_bytes, dead_letters) VALUES (1, 0, 0, 0);
  CREATE TRIGGER pending_inserted AFTER INSERT ON pending BEGIN
    UPDATE counters SET pending = pending + 1, pending_bytes = pending_bytes + NEW.bytes WHERE id = 1;
  END;
  CREATE TRIGGER pending_deleted AFTER DELETE ON pending BEGIN
    UPDATE counters SET pending = pending - 1, pending_bytes = pending_bytes - OLD.bytes WHERE id = 1;
  END;
  CREATE TRIGGER dead_letter_inserted AFTER INSERT ON dead_letters BEGIN
    UPDATE counters SET dead_letters = dead_letters + 1 WHERE id = 1;
  END;
  CREATE TRIGGER dead_letter_deleted AFTER DELETE ON dead_letters BEGIN
    UPDATE counters SET dead_letters = dead_letters - 1 WHERE id = 1;
  END;
  `,
  `
  -- How many times an entry was replayed from the dead letters: part of its batch's idempotency key, so a
  -- replayed sale is processed again rather than answered with the rejection stored under the old key.
  ALTER TABLE pending ADD COLUMN revivals INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE dead_letters ADD COLUMN revivals INTEGER NOT NULL DEFAULT 0;
  -- Revivals ever made into this file: a drainer in another process reads the queue from the front again
  -- when it changes, since a revived entry keeps its old seq.
  ALTER TABLE counters ADD COLUMN revivals INTEGER NOT NULL DEFAULT 0;
  -- The holder's lease time: a lease with more time left than that was written by a clock that was ahead.
  ALTER TABLE lease ADD COLUMN ttl_ms INTEGER;
  `,
];

/** The schema version this package writes. */
export const sqliteSchemaVersion = migrations.length;

/** The tables every outbox file has; a file without them is not an outbox, whatever its version says. */
const outboxTableNames = ['pending', 'dead_letters', 'lease', 'product_hashes', 'counters'];
const outboxTables = outboxTableNames.map((name) => `'${name}'`).join(', ');

/**
 * Brings the file to {@link sqliteSchemaVersion}. Runs in an IMMEDIATE transaction, so two processes
 * opening a new file at once migrate it once: the second waits for the lock, then finds it up to date.
 */
export function migrateSqliteOutbox(db: Database.Database): void {
  const migrate = db.transaction(() => {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > migrations.length) {
      throw outboxError(
        'outbox_schema_unsupported',
        `The outbox file has schema version ${version}; this version of the package reads up to ${migrations.length}.`,
      );
    }
    for (const migration of migrations.slice(version)) db.exec(migration);
    if (version !== migrations.length) db.pragma(`user_version = ${migrations.length}`);
    // user_version alone does not make a file an outbox: another program may have set it on its own file.
    const tables = db
      .prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${outboxTables})`)
      .pluck(true)
      .all();
    if (tables.length !== outboxTableNames.length) {
      throw outboxError(
        'outbox_open_failed',
        `The file is not an outbox: it has schema version ${version} but lacks the outbox's tables.`,
      );
    }
  });
  migrate.immediate();
}
