// The `@loyalty-link/level0-push/sqlite` entry point. Kept apart from the main barrel so that a browser
// bundle never reaches better-sqlite3 (a native module, and an optional peer dependency).

export type { GroupCommitTiming } from './outbox/group-commit-timing';
export type { OutboxErrorCode } from './outbox/outbox-errors';
export { sqliteOutbox } from './outbox/sqlite-outbox';
export type { SqliteDriver, SqliteOutboxOptions } from './outbox/sqlite-outbox-options';
export { sqliteOutboxDefaults } from './outbox/sqlite-outbox-options';
export { sqliteSchemaVersion } from './outbox/sqlite-schema';
