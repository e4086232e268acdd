/** The protocol version this SDK speaks; sent in the `Loyalty-Link-Version` header and in `hello`. */
export const PROTOCOL_VERSION = 1;

/** HTTP paths of protocol v1, relative to the platform's base URL. */
export const paths = {
  transactionsBatch: '/v1/transactions:batch',
  productsSync: '/v1/products:sync',
  customerLookup: '/v1/customers:lookup',
  customer: (id: string) => `/v1/customers/${encodeURIComponent(id)}`,
  balance: (id: string) => `/v1/customers/${encodeURIComponent(id)}/balance`,
  ledger: (id: string) => `/v1/customers/${encodeURIComponent(id)}/ledger`,
  program: '/v1/program',
  redemptionQuote: '/v1/redemptions:quote',
  holds: '/v1/holds',
  hold: (id: string) => `/v1/holds/${encodeURIComponent(id)}`,
  holdRelease: (id: string) => `/v1/holds/${encodeURIComponent(id)}:release`,
  holdCommit: (id: string) => `/v1/holds/${encodeURIComponent(id)}:commit`,
  events: '/v1/events',
  live: '/v1/live',
} as const;

/** Header names of protocol v1. */
export const headers = {
  authorization: 'Authorization',
  idempotencyKey: 'Idempotency-Key',
  signature: 'Loyalty-Link-Signature',
  requestId: 'Request-Id',
  version: 'Loyalty-Link-Version',
  retryAfter: 'Retry-After',
  idempotentReplayed: 'Idempotent-Replayed',
  /** How many attempts of this call came before this one: `0`, `1`, `2`… */
  retryCount: 'Retry-Count',
  /** A server's `true`/`false` override of the client's retry decision. */
  shouldRetry: 'Loyalty-Link-Should-Retry',
} as const;

/** Limits of protocol v1 that both sides enforce. */
export const limits = {
  /** The largest request body a platform must accept, in bytes (1 MiB). Larger bodies get 413. */
  maxBodyBytes: 1_048_576,
  /** The most transactions in one batch. */
  maxBatchItems: 500,
  /** The most products in one sync chunk. */
  maxProductChunk: 1_000,
  /** The largest WebSocket frame either side may send, in bytes (64 KiB). */
  maxFrameBytes: 65_536,
  /** The longest idempotency key, in characters. */
  maxIdempotencyKeyLength: 512,
  /** How long a platform keeps idempotency keys, at least (30 days). */
  idempotencyRetentionMs: 30 * 24 * 60 * 60 * 1000,
  /** How long the server waits for `hello` after the WebSocket opens. */
  helloTimeoutMs: 10_000,
} as const;

/** WebSocket close codes of protocol v1 (4000–4999 are for applications). */
export const closeCodes = {
  /** Normal close. */
  normal: 1000,
  /** The server is going away (restart, shutdown). Reconnect. */
  goingAway: 1001,
  /** A frame that is not valid JSON or does not match its schema. */
  protocolViolation: 4000,
  /** `hello` carried a wrong or expired token. Do not reconnect with the same token. */
  unauthorized: 4001,
  /** `hello` did not arrive in time, or another frame came first. */
  helloTimeout: 4002,
  /** A frame larger than `limits.maxFrameBytes`. */
  frameTooLarge: 4009,
  /** The client missed heartbeats; the server considers it gone. */
  heartbeatTimeout: 4010,
  /** Another connection with the same register id replaced this one. */
  replaced: 4011,
} as const;
