// The public API of @loyalty-link/level0-push. The SQLite and IndexedDB outboxes have their own entry
// points (`@loyalty-link/level0-push/sqlite`, `/indexeddb`) so a browser bundle never meets better-sqlite3.

// Everything a level-0 integration needs from core, so one import serves.
export * from '@loyalty-link/core';
export type { SyncProductsOptions, SyncProgress, SyncReport } from './catalog/sync-products';
export type { DeadLetterAdmin, DeadLetterView } from './dead-letters';
export type { PushClientEvents, PushState, PushStatus } from './events';
export type { BatchOptions, DeliveryRetryOptions, PlatformConnection, PushClientOptions } from './options';
export { pushClientDefaults } from './options';
export { memoryOutbox } from './outbox/memory-outbox';
export type { OutboxErrorCode } from './outbox/outbox-errors';
export type {
  AppendOutcome,
  AttemptError,
  DeadLetter,
  DeadLetterReason,
  LeaseRequest,
  NewOutboxEntry,
  OutboxEntry,
  OutboxStats,
  OutboxStore,
} from './outbox/outbox-store';
export type { FlushResult, PushClient, RecordInput, RecordOptions, RecordReceipt } from './push-client';
export { createPushClient } from './push-client';
