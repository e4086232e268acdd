import type Database from 'better-sqlite3';

/** Moves WAL checkpoints out of the commits that acknowledge sales. */
export interface WalCheckpointer {
  /** Notes a write of about `bytes`; checkpoints at once only past the byte limit. */
  wrote(bytes: number): void;
  /** Checkpoints and truncates the log (on close). */
  finish(): void;
}

/**
 * SQLite checkpoints a WAL by itself every 1,000 pages, inside whichever commit crosses the line: with
 * `synchronous=FULL` that commit then also copies the log into the database and syncs it, and the sale
 * being recorded waits several milliseconds more. Instead, auto-checkpointing is off and the outbox
 * checkpoints when writes pause for `idleMs` (registers have pauses between customers), or right after the
 * write that took the log past `maxBytes` since the last checkpoint, so the log stays bounded in a busy
 * hour.
 */
export function createWalCheckpointer(
  db: Database.Database,
  options: { idleMs: number; maxBytes: number },
): WalCheckpointer {
  db.pragma('wal_autocheckpoint = 0');
  let pendingBytes = 0;
  let wroteRecently = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let overdue = false;
  let closed = false;

  const checkpoint = (mode: 'PASSIVE' | 'TRUNCATE'): void => {
    db.pragma(`wal_checkpoint(${mode})`);
    pendingBytes = 0;
  };

  const tick = (): void => {
    timer = undefined;
    if (pendingBytes === 0) return;
    if (wroteRecently) {
      wroteRecently = false;
      arm();
      return;
    }
    try {
      checkpoint('PASSIVE');
    } catch {
      // Busy or closed: the next write re-arms the timer, and the byte limit still bounds the log.
    }
  };

  const arm = (): void => {
    timer = setTimeout(tick, options.idleMs);
    // A pending checkpoint must never keep a register's process alive.
    timer.unref?.();
  };

  return {
    wrote(bytes) {
      pendingBytes += bytes;
      wroteRecently = true;
      if (pendingBytes >= options.maxBytes) {
        // Not inside the write that crossed the line: its callers get their answer first, and the
        // checkpoint runs as the next task.
        if (!overdue) {
          overdue = true;
          setImmediate(() => {
            overdue = false;
            if (closed || pendingBytes < options.maxBytes) return;
            try {
              checkpoint('PASSIVE');
            } catch {
              // Busy: the next write tries again.
            }
          });
        }
        return;
      }
      if (timer === undefined) arm();
    },
    finish() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      checkpoint('TRUNCATE');
    },
  };
}
