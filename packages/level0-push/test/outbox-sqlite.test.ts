import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isConfigurationError, isLoyaltyLinkError } from '@loyalty-link/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GroupCommitTiming } from '../src/outbox/group-commit-timing';
import type { OutboxStore } from '../src/outbox/outbox-store';
import { sqliteOutbox } from '../src/outbox/sqlite-outbox';
import { codeOf, saleEntry, t0 } from './outbox-fixtures';

let dir: string;
let file: string;
const stores: OutboxStore[] = [];
const raws: Database.Database[] = [];

function open(options: Parameters<typeof sqliteOutbox>[1] = {}): OutboxStore {
  const store = sqliteOutbox(file, options);
  stores.push(store);
  return store;
}

/** A plain connection to the same file, as another program (or a curious operator) would open it. */
function raw(): Database.Database {
  const db = new Database(file);
  raws.push(db);
  return db;
}

/** What opening an outbox throws; an outbox that opens is closed after the test. */
function openFailure(path: string, options?: Parameters<typeof sqliteOutbox>[1]): unknown {
  try {
    stores.push(sqliteOutbox(path, options));
    return undefined;
  } catch (caught) {
    return caught;
  }
}

/** better-sqlite3 with every executed statement recorded: an outside view of the transactions run. */
function tracingDriver(statements: string[]) {
  return class TracingDatabase extends Database {
    constructor(filename: string, options?: Database.Options) {
      super(filename, { ...options, verbose: (sql) => statements.push(String(sql)) });
    }
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loyalty-outbox-sqlite-'));
  file = join(dir, 'outbox.db');
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const db of raws.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sqlite outbox: group commit', () => {
  const timings: GroupCommitTiming[] = ['immediate', 'microtask'];
  for (const groupCommit of timings) {
    it(`writes 50 concurrent appends in one transaction (${groupCommit})`, async () => {
      const statements: string[] = [];
      const store = open({ driver: tracingDriver(statements), groupCommit });
      statements.length = 0;

      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, index) => store.append([saleEntry(`sale-${index}`)])),
      );

      expect(outcomes.flat().every((outcome) => outcome.status === 'stored')).toBe(true);
      expect(statements.filter((sql) => sql.startsWith('BEGIN'))).toEqual(['BEGIN IMMEDIATE']);
      expect(statements.filter((sql) => sql === 'COMMIT')).toHaveLength(1);
      expect((await store.stats()).pending).toBe(50);
    });
  }

  it('still groups callers that reach append through a few awaits (immediate)', async () => {
    const statements: string[] = [];
    const store = open({ driver: tracingDriver(statements) });
    statements.length = 0;
    const register = async (index: number) => {
      for (let hop = 0; hop < index % 5; hop++) await Promise.resolve();
      return store.append([saleEntry(`sale-${index}`)]);
    };

    await Promise.all(Array.from({ length: 50 }, (_, index) => register(index)));

    expect(statements.filter((sql) => sql.startsWith('BEGIN'))).toHaveLength(1);
  });

  it('resolves each caller only once its entries are committed: another connection sees them', async () => {
    const store = open();
    const [outcome] = await store.append([saleEntry('a')]);
    const other = raw();

    expect(outcome?.status).toBe('stored');
    expect(other.prepare('SELECT key FROM pending').all()).toEqual([{ key: 'a' }]);
  });

  it('fails every caller of a group whose transaction fails, and stores nothing of it', async () => {
    const store = open();
    // Stands in for a disk that fills up in the middle of the group's transaction.
    raw().exec(
      `CREATE TRIGGER fail_boom BEFORE INSERT ON pending WHEN NEW.key = 'boom'
       BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );

    const results = await Promise.allSettled([
      store.append([saleEntry('a')]),
      store.append([saleEntry('boom')]),
      store.append([saleEntry('b')]),
    ]);

    for (const result of results) {
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected') {
        expect(isLoyaltyLinkError(result.reason) && result.reason.code).toBe('outbox_write_failed');
        expect(isLoyaltyLinkError(result.reason) && result.reason.retryable).toBe(true);
      }
    }
    expect(await store.stats()).toMatchObject({ pending: 0, pendingBytes: 0 });
    expect((await store.append([saleEntry('a')]))[0]?.status).toBe('stored');
  });
});

describe('sqlite outbox: how each write is synced', () => {
  /** better-sqlite3 that notes the connection's `synchronous` level (1 NORMAL, 2 FULL) as each write runs. */
  function syncLevelDriver(seen: Map<string, number[]>) {
    return class SyncProbe extends Database {
      override prepare(source: string) {
        const statement = super.prepare(source);
        const write = /^\s*(INSERT INTO pending|DELETE FROM pending|UPDATE pending|INSERT INTO dead_letters)/.exec(
          source,
        );
        if (write?.[1] !== undefined) {
          const name = write[1];
          const run = statement.run.bind(statement);
          statement.run = (...args: Parameters<typeof run>) => {
            seen.set(name, [...(seen.get(name) ?? []), Number(this.pragma('synchronous', { simple: true }))]);
            return run(...args);
          };
        }
        return statement as never;
      }
    };
  }

  it('syncs appends, reschedules and dead letters before they resolve, and leaves removals to the next sync', async () => {
    const seen = new Map<string, number[]>();
    const store = open({ driver: syncLevelDriver(seen) });
    await store.append([saleEntry('a'), saleEntry('b'), saleEntry('c')]);
    await store.reschedule([{ key: 'b', attempts: 1, nextAttemptAt: t0, lastError: { code: 'x', message: 'x' } }]);
    await store.deadLetter([{ key: 'c', deadAt: t0, reason: { code: 'invalid', message: 'no' } }]);
    await store.remove(['a']);
    await store.append([saleEntry('d')]);

    expect(Object.fromEntries(seen)).toEqual({
      'INSERT INTO pending': [2, 2, 2, 2],
      'UPDATE pending': [2],
      'INSERT INTO dead_letters': [2],
      // The dead letter's removal from pending, then the acknowledged entry's.
      'DELETE FROM pending': [2, 1],
    });
  });
});

describe('sqlite outbox: crash safety', () => {
  const writer = fileURLToPath(new URL('./outbox-sqlite-writer.ts', import.meta.url));

  /** Runs the writer process; `killAt` kills it from outside once that many keys were acknowledged. */
  function runWriter(args: string[], killAt?: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--conditions=@loyalty-link/source', '--import', 'tsx', writer, ...args], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      let errors = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (killAt !== undefined && output.split('\n').length > killAt) child.kill('SIGKILL');
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        errors += chunk;
      });
      child.on('error', reject);
      child.on('close', (_code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`writer ended without SIGKILL (${signal}): ${errors}`));
        else resolve(output.split('\n').filter((line) => line !== ''));
      });
    });
  }

  async function storedKeys(): Promise<Set<string>> {
    const store = open();
    const keys = new Set<string>();
    let afterSeq: number | undefined;
    for (;;) {
      const page = await store.scan({ afterSeq, limit: 500 });
      for (const entry of page) keys.add(entry.key);
      if (page.length < 500) return keys;
      afterSeq = page.at(-1)?.seq;
    }
  }

  it('keeps every acknowledged sale of a process killed with SIGKILL right after an append resolved', async () => {
    const acknowledged = await runWriter([file, '--self-kill', '40']);

    const stored = await storedKeys();
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    expect(acknowledged.filter((key) => !stored.has(key))).toEqual([]);
    expect((await open().stats()).pending).toBe(stored.size);
  }, 30_000);

  it('keeps every acknowledged sale of a process killed from outside while appending', async () => {
    const acknowledged = await runWriter([file], 150);

    const stored = await storedKeys();
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    expect(acknowledged.filter((key) => !stored.has(key))).toEqual([]);
  }, 30_000);
});

describe('sqlite outbox: the file', () => {
  it('keeps the lease in the file: it outlives a reopen until it expires', async () => {
    const store = open();
    await store.acquireLease({ owner: 'A', ttlMs: 1000, now: t0 });
    await store.close();
    const again = open();

    expect(await again.acquireLease({ owner: 'B', ttlMs: 1000, now: t0 + 999 })).toBe(false);
    expect(await again.acquireLease({ owner: 'B', ttlMs: 1000, now: t0 + 1000 })).toBe(true);
  });

  it('is in WAL mode, so other processes can read while it writes', () => {
    open();
    expect(raw().pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('answers outbox_busy when another process holds the write lock past the busy timeout', async () => {
    const store = open({ busyTimeoutMs: 50 });
    await store.append([saleEntry('a')]);
    const other = raw();
    other.exec('BEGIN IMMEDIATE');

    expect(await codeOf(store.remove(['a']))).toBe('outbox_busy');
    expect(await codeOf(store.append([saleEntry('b')]))).toBe('outbox_busy');
    other.exec('ROLLBACK');
    await store.remove(['a']);
    expect((await store.stats()).pending).toBe(0);
  });

  it('answers outbox_full when the disk is full, stores nothing of the failed call, and takes records again after', async () => {
    // SQLite answers SQLITE_FULL at its page limit exactly as on a full disk.
    const store = open();
    await store.append([saleEntry('a')]);
    const limited = raw();
    const pages = Number(limited.pragma('page_count', { simple: true }));
    const store2 = open({
      driver: class FullDisk extends Database {
        constructor(filename: string, options?: Database.Options) {
          super(filename, options);
          this.pragma(`max_page_count = ${pages + 2}`);
        }
      },
    });
    const payload = JSON.stringify({ note: 'x'.repeat(2000) });
    const big = Array.from({ length: 40 }, (_, index) => saleEntry(`full-${index}`, { payload }));

    const failure = await store2.append(big).catch((error: unknown) => error);
    expect(isLoyaltyLinkError(failure) && failure.code).toBe('outbox_full');
    expect(isLoyaltyLinkError(failure) && failure.retryable).toBe(true);
    expect((await store2.stats()).pending).toBe(1);
    expect((await store.append(big)).every((outcome) => outcome.status === 'stored')).toBe(true);
  });

  it('answers outbox_corrupt for a row it cannot read back', async () => {
    const store = open();
    await store.append([saleEntry('a')]);
    raw().exec(`UPDATE pending SET ordering_keys = 'not json'`);

    expect(await codeOf(store.scan({ limit: 10 }))).toBe('outbox_corrupt');
  });

  it('brings a file of the first schema up to date, entries, dead letters and counters intact', async () => {
    const first = open();
    await first.append([saleEntry('a'), saleEntry('b'), saleEntry('c')]);
    await first.deadLetter([{ key: 'b', deadAt: t0, reason: { code: 'customer_not_found', message: 'No customer' } }]);
    await stores.splice(0)[0]?.close();
    // What the first released version wrote: the same tables without the revival counts.
    const old = raw();
    old.exec(`ALTER TABLE pending DROP COLUMN revivals;
      ALTER TABLE dead_letters DROP COLUMN revivals;
      ALTER TABLE counters DROP COLUMN revivals;
      ALTER TABLE lease DROP COLUMN ttl_ms;`);
    old.pragma('user_version = 1');
    old.close();

    const store = open();
    expect((await store.scan({ limit: 10 })).map((entry) => [entry.key, entry.revivals])).toEqual([
      ['a', 0],
      ['c', 0],
    ]);
    expect(await store.reviveDeadLetters(['b'], t0 + 1)).toBe(1);
    expect((await store.scan({ limit: 10 })).map((entry) => [entry.key, entry.revivals])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 0],
    ]);
    expect(await store.stats()).toMatchObject({ pending: 3, deadLetters: 0, revivals: 1 });
  });

  it('refuses a file written by a newer schema instead of guessing', async () => {
    open();
    await stores.splice(0)[0]?.close();
    raw().pragma('user_version = 99');

    const error = openFailure(file);
    expect(isLoyaltyLinkError(error) && error.code).toBe('outbox_schema_unsupported');
  });

  it('refuses a database of another program that only looks current, and leaves it untouched and free', () => {
    const foreign = raw();
    foreign.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY)');
    foreign.pragma('user_version = 1');

    const error = openFailure(file);
    expect(isLoyaltyLinkError(error) && error.code).toBe('outbox_open_failed');
    expect(foreign.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['orders']);
    // The outbox let go of the file: the program can still write to it at once.
    foreign.pragma('busy_timeout = 0');
    expect(() => foreign.exec('INSERT INTO orders (id) VALUES (1)')).not.toThrow();
  });

  it('fails to open with outbox_open_failed when the file cannot be created', () => {
    const error = openFailure(join(dir, 'missing-directory', 'outbox.db'));
    expect(isLoyaltyLinkError(error) && error.code).toBe('outbox_open_failed');
  });

  it('refuses to be created without a file path', () => {
    expect(() => sqliteOutbox(undefined as unknown as string)).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
  });

  it('rejects a negative busy timeout when created', () => {
    expect(() => sqliteOutbox(file, { busyTimeoutMs: -1 })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
    const error = openFailure(file, { busyTimeoutMs: 1.5 });
    expect(isConfigurationError(error)).toBe(true);
  });

  it('is not durable in memory', async () => {
    const store = sqliteOutbox(':memory:');
    stores.push(store);
    expect(store.durable).toBe(false);
    expect((await store.append([saleEntry('a')]))[0]?.status).toBe('stored');
  });
});

describe('sqliteOutbox write-ahead log', () => {
  it('keeps the log bounded while entries pour in, and truncates it on close', async () => {
    const path = join(dir, 'wal.db');
    const store = sqliteOutbox(path, { checkpointMaxBytes: 256 * 1024, checkpointIdleMs: 60_000 });
    const payload = JSON.stringify({ lines: 'x'.repeat(2_000) });
    for (let round = 0; round < 40; round++) {
      await store.append(
        Array.from({ length: 50 }, (_, i) => ({
          key: `k-${round}-${i}`,
          kind: 'sale' as const,
          orderingKeys: [`c:${i}`],
          payload,
          createdAt: round,
        })),
      );
    }
    // 4 MB went through the log; checkpoints let SQLite reuse it instead of growing it to that size.
    expect(statSync(`${path}-wal`).size).toBeLessThan(1024 * 1024);
    expect((await store.stats()).pending).toBe(2_000);
    await store.close();
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
    const reopened = sqliteOutbox(path);
    expect((await reopened.stats()).pending).toBe(2_000);
    await reopened.close();
  });

  it('keeps the log bounded under a rush of single sales, each its own commit', async () => {
    const path = join(dir, 'rush.db');
    const store = sqliteOutbox(path, { checkpointMaxBytes: 256 * 1024, checkpointIdleMs: 60_000 });
    // A sale every tick, never a pause long enough for the idle checkpoint. Each commit logs several pages
    // (the row's, the key index's, the counters'), many times the sale's own bytes.
    for (let index = 0; index < 1_500; index++) {
      await store.append([saleEntry(`sale-${index}`)]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(statSync(`${path}-wal`).size).toBeLessThan(1024 * 1024);
    expect((await store.stats()).pending).toBe(1_500);
  });

  it('keeps the log bounded while delivered entries are removed', async () => {
    const path = join(dir, 'drain.db');
    const store = sqliteOutbox(path, { checkpointMaxBytes: 256 * 1024, checkpointIdleMs: 60_000 });
    const payload = JSON.stringify({ lines: 'x'.repeat(700) });
    const keys = Array.from({ length: 4_000 }, (_, i) => `sale:ams-01/reg-1/S-${i}`);
    const batches = Array.from({ length: 40 }, (_, n) => keys.slice(n * 100, n * 100 + 100));
    for (const batch of batches) {
      await store.append(batch.map((key) => ({ key, kind: 'sale' as const, orderingKeys: [], payload, createdAt: 1 })));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(statSync(`${path}-wal`).size).toBeLessThan(1.5 * 1024 * 1024);
    // Draining after an outage: 100 acknowledged entries removed at a time rewrite the pages that held them
    // (3 MB of log if never checkpointed); the log is reused instead.
    for (const batch of batches) {
      await store.remove(batch);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await store.stats()).pending).toBe(0);
    expect(statSync(`${path}-wal`).size).toBeLessThan(1.5 * 1024 * 1024);
    await store.close();
  });

  it('checkpoints in a pause between sales', async () => {
    const path = join(dir, 'idle.db');
    const store = sqliteOutbox(path, { checkpointIdleMs: 20 });
    const payload = 'y'.repeat(5_000);
    for (let i = 0; i < 100; i++) {
      await store.append([{ key: `k-${i}`, kind: 'sale', orderingKeys: [], payload, createdAt: i }]);
    }
    const grown = statSync(`${path}-wal`).size;
    await new Promise((resolve) => setTimeout(resolve, 120));
    // After the checkpoint the next writes reuse the log from its start: it does not grow further.
    for (let i = 100; i < 150; i++) {
      await store.append([{ key: `k-${i}`, kind: 'sale', orderingKeys: [], payload, createdAt: i }]);
    }
    expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(grown);
    await store.close();
  });
});
