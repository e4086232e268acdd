// The public API of @loyalty-link/testing. Browser-safe: nothing here imports a Node-only module (the
// simulator, which needs `node:http` and `ws`, is the `@loyalty-link/testing/simulator` entry).

// The conformance suite
export type {
  ConformanceFixtures,
  ConformanceLevel,
  ConformanceOptions,
  ConformanceReport,
  ConformanceResult,
} from './conformance/conformance-types';
export { conformanceDefaults } from './conformance/conformance-types';
export { runConformance } from './conformance/run-conformance';
export type { StoredProduct } from './engine/catalog';
export type { Engine, NewCustomerInput } from './engine/engine';
export type { EngineFailure, EngineResult } from './engine/engine-result';
export { createEventLog } from './engine/event-log';
export type { EventAudience, EventFilter, EventLog, EventRead, LoggedEvent } from './engine/event-log-types';
export type { IdempotencyClaim, IdempotencyStore, StoredResponse } from './engine/idempotency-store';
// The transport-neutral platform
export type { Platform, PlatformInspector } from './engine/platform';
export { createPlatform } from './engine/platform';
export type { PlatformOptions } from './engine/platform-options';
export { platformDefaults } from './engine/platform-options';
export type { CashierMessageInput } from './engine/presence';
export type { RecordedRequest, RequestLog } from './engine/request-log';
export type { RecordedTransaction } from './engine/transaction-book';
export type { FaultController, FaultPlan, InjectedFailure } from './faults/fault-controller';
export { createFaultController } from './faults/fault-controller';
// Faults
export type { FailNext, FaultConfig } from './faults/fault-types';
export { parseFaultConfig } from './faults/parse-fault-config';
export { handleRequest } from './http/handle-request';
// HTTP
export type { PlatformRequest, PlatformResponse } from './http/platform-request';
// The live link
export type {
  LiveConnectionInfo,
  LiveConnectionRegistry,
  LiveContext,
  PresenceChange,
} from './live/live-context';
export { createLiveLinkHandler } from './live/msw-live';
// The MSW platform
export type { MockPlatform, MockPlatformOptions } from './mock-platform';
export { createMockPlatform, mockPlatformDefaults } from './mock-platform';
export type { KnownCustomerName } from './seed/known-customers';
export { knownCustomers } from './seed/known-customers';
export { seedCatalog } from './seed/seed-catalog';
// Seed data
export type { SeedCustomer } from './seed/seed-customer';
export { seedCustomers } from './seed/seed-customers';
export { seedProgram, seedProgramInput } from './seed/seed-program';
