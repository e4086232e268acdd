/** The object stores of an IndexedDB outbox, and the keys of its `meta` store. */
export const idbStores = {
  pending: 'pending',
  dead: 'dead',
  meta: 'meta',
  products: 'products',
} as const;

/** Keys of records in the `meta` store. */
export const idbMetaKeys = {
  /** The last seq handed out, kept apart from the entries so a seq is never handed out twice. */
  seq: 'seq',
  /** `{ pending, pendingBytes, deadLetters, revivals }`, updated in every transaction that changes them. */
  counters: 'counters',
  /** The drain lease `{ owner, expiresAt, ttlMs }`, when Web Locks are not used. */
  lease: 'lease',
} as const;

/** The version this package writes; each step of `upgradeIndexedDbOutbox` takes the database one further. */
export const indexedDbSchemaVersion = 1;

/** Creates or upgrades the object stores, inside the `versionchange` transaction. */
export function upgradeIndexedDbOutbox(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    // Explicit seq keys (no autoIncrement): the seq comes from the meta counter, in the same transaction, so
    // it survives the deletion of the newest entry and a revived dead letter can keep its own.
    db.createObjectStore(idbStores.pending, { keyPath: 'seq' }).createIndex('key', 'key', { unique: true });
    db.createObjectStore(idbStores.dead, { keyPath: 'seq' }).createIndex('key', 'key', { unique: true });
    db.createObjectStore(idbStores.meta);
    db.createObjectStore(idbStores.products, { keyPath: 'sku' });
  }
}
