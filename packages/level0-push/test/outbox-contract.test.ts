import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { indexedDbOutbox } from '../src/outbox/indexeddb-outbox';
import { memoryOutbox } from '../src/outbox/memory-outbox';
import { sqliteOutbox } from '../src/outbox/sqlite-outbox';
import { describeOutboxContract } from './outbox-contract';
import { fakeLocks } from './outbox-fixtures';

describeOutboxContract('memory', async () => ({ store: memoryOutbox() }));

describeOutboxContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-outbox-'));
  const file = join(dir, 'outbox.db');
  return {
    store: sqliteOutbox(file),
    reopen: async () => sqliteOutbox(file),
    sibling: async () => sqliteOutbox(file),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describeOutboxContract('indexeddb (Web Locks lease)', async () => {
  const indexedDB = new IDBFactory();
  const locks = fakeLocks();
  const open = () => indexedDbOutbox('outbox', { indexedDB, IDBKeyRange, locks });
  return { store: open(), reopen: async () => open(), sibling: async () => open() };
});

describeOutboxContract('indexeddb (lease record)', async () => {
  const indexedDB = new IDBFactory();
  const open = () => indexedDbOutbox('outbox', { indexedDB, IDBKeyRange, locks: null });
  return { store: open(), reopen: async () => open(), sibling: async () => open() };
});
