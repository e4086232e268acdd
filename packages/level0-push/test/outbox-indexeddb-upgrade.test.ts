import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { indexedDbOutbox } from '../src/outbox/indexeddb-outbox';
import { codeOf, saleEntry } from './outbox-fixtures';

// A release whose schema is one version ahead of the tab that still has the database open.
vi.mock('../src/outbox/indexeddb-schema', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/outbox/indexeddb-schema')>()),
  indexedDbSchemaVersion: 2,
}));
const { upgradeIndexedDbOutbox } = await vi.importActual<typeof import('../src/outbox/indexeddb-schema')>(
  '../src/outbox/indexeddb-schema',
);

/** A tab of the previous release, with the version 1 outbox open, that does not step aside for an upgrade. */
function previousReleaseTab(indexedDB: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('outbox', 1);
    request.onupgradeneeded = (event) => upgradeIndexedDbOutbox(request.result, event.oldVersion);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);
}

describe('indexeddb outbox: an upgrade blocked by another tab', () => {
  it('waits while blocked, and stores what was queued once the other tab lets go', async () => {
    const indexedDB = new IDBFactory();
    const blocker = await previousReleaseTab(indexedDB);
    const store = indexedDbOutbox('outbox', { indexedDB, IDBKeyRange, locks: null });
    const appended = store.append([saleEntry('a')]);
    expect(await settledWithin(appended, 50)).toBe(false);

    blocker.close();
    expect((await appended)[0]?.status).toBe('stored');
    await store.close();
  });

  it('closes without waiting for the blocked open, and tells the queued callers', async () => {
    const indexedDB = new IDBFactory();
    const blocker = await previousReleaseTab(indexedDB);
    const store = indexedDbOutbox('outbox', { indexedDB, IDBKeyRange, locks: null });
    const appended = codeOf(store.append([saleEntry('a')]));
    const stats = codeOf(store.stats());
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(await settledWithin(store.close(), 500)).toBe(true);
    expect(await appended).toBe('outbox_closed');
    expect(await stats).toBe('outbox_closed');
    blocker.close();
  });
});
