// The `@loyalty-link/level0-push/indexeddb` entry point: the browser's durable outbox.

export type { GroupCommitTiming } from './outbox/group-commit-timing';
export { indexedDbOutbox } from './outbox/indexeddb-outbox';
export type { IndexedDbOutboxOptions, LeaseLocks } from './outbox/indexeddb-outbox-options';
export { indexedDbOutboxDefaults } from './outbox/indexeddb-outbox-options';
export { indexedDbSchemaVersion } from './outbox/indexeddb-schema';
export type { OutboxErrorCode } from './outbox/outbox-errors';
