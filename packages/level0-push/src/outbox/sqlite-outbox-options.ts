import Database from 'better-sqlite3';
import type { GroupCommitTiming } from './group-commit-timing';

/**
 * A constructor compatible with better-sqlite3's `Database`: the package's own export, a copy loaded from
 * another path (Electron apps rebuild native modules), or a subclass (tests use one that traces statements).
 */
export type SqliteDriver = new (filename: string, options?: Database.Options) => Database.Database;

/** Options of {@link sqliteOutbox}. */
export interface SqliteOutboxOptions {
  /**
   * How long a write waits while another process (or another store on the same file) holds the write lock,
   * before failing with `outbox_busy`. better-sqlite3 is synchronous, so the wait blocks the event loop.
   * @default 5000
   */
  busyTimeoutMs?: number;
  /**
   * When the appends queued by concurrent callers are written, in one transaction. `immediate` (end of the
   * current macrotask, via `setImmediate`) also gathers callers that reach `append` through a few awaits:
   * with 50 such callers it wrote 49.9 appends per commit where `microtask` wrote 11. With a 2 ms fsync (flash
   * storage) that made p99 14 ms and 12,500 appends/s against 28 ms and 2,550 appends/s. `microtask` saves a
   * lone caller only the wait for the end of the macrotask (tens of microseconds).
   * @default 'immediate'
   */
  groupCommit?: GroupCommitTiming;
  /**
   * The better-sqlite3 constructor to open the file with.
   * @default the default export of `better-sqlite3`
   */
  driver?: SqliteDriver;
  /**
   * How long writes must pause before the write-ahead log is checkpointed into the database. Checkpoints
   * happen in pauses, not inside the commit that acknowledges a sale.
   * @default 250
   */
  checkpointIdleMs?: number;
  /**
   * How many bytes may be written between checkpoints before one is made at once, pause or not, so the
   * log stays bounded during a rush, and while a backlog drains (removing delivered entries rewrites the
   * pages that held them).
   * @default 4194304 (4 MiB, about what SQLite checkpoints by itself)
   */
  checkpointMaxBytes?: number;
}

/** The defaults of {@link SqliteOutboxOptions}. */
export const sqliteOutboxDefaults: Required<SqliteOutboxOptions> = {
  busyTimeoutMs: 5000,
  groupCommit: 'immediate',
  driver: Database,
  checkpointIdleMs: 250,
  checkpointMaxBytes: 4 * 1024 * 1024,
};
