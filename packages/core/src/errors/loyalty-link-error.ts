import { redact } from '../logging/redact';

/** Options every {@link LoyaltyLinkError} accepts. */
export interface LoyaltyLinkErrorOptions {
  /** The error or value that caused this one. */
  cause?: unknown;
  /** Whether repeating the same operation later may succeed. */
  retryable?: boolean;
  /** The platform's request id, when a response carried one. */
  requestId?: string | undefined;
}

/**
 * The root of every error Loyalty Link throws. Each error carries a stable, machine-readable `code`;
 * branch on `code` (or the guards such as {@link isLoyaltyLinkError}), never on `message`.
 *
 * Messages are passed through the redactor, so an API key, a phone number or an email address that
 * reached a message by accident is replaced before anyone can log it.
 *
 * @example
 * ```ts
 * try {
 *   await client.record(sale);
 * } catch (error) {
 *   if (isLoyaltyLinkError(error) && error.code === 'validation_failed') showIssues(error);
 *   else throw error;
 * }
 * ```
 */
export class LoyaltyLinkError extends Error {
  override name: string = 'LoyaltyLinkError';
  /** A stable, machine-readable code such as `validation_failed` or `insufficient_points`. */
  readonly code: string;
  /** Whether repeating the same operation later may succeed. */
  readonly retryable: boolean;
  /** The platform's request id, when a response carried one. */
  readonly requestId: string | undefined;

  constructor(code: string, message: string, options: LoyaltyLinkErrorOptions = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.requestId = options.requestId;
  }
}

const errorNames = new Set([
  'LoyaltyLinkError',
  'ValidationError',
  'ConfigurationError',
  'NetworkError',
  'TimeoutError',
  'OfflineError',
  'AbortError',
  'ProtocolError',
  'PlatformError',
  'AuthError',
  'NotFoundError',
  'ConflictError',
  'RateLimitError',
  'InsufficientPointsError',
  'HoldExpiredError',
]);

/**
 * Whether `value` is any Loyalty Link error. Works across realms (iframes, VM contexts, duplicated
 * package copies) because it also accepts an object that has the right `name` and a string `code`.
 */
export function isLoyaltyLinkError(value: unknown): value is LoyaltyLinkError {
  if (value instanceof LoyaltyLinkError) return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  return typeof candidate.name === 'string' && errorNames.has(candidate.name) && typeof candidate.code === 'string';
}

/** @internal Builds a guard for one error class that also works across realms. */
export function guardFor<T extends LoyaltyLinkError>(
  ctor: abstract new (...args: never[]) => T,
  ...names: string[]
): (value: unknown) => value is T {
  return (value: unknown): value is T =>
    value instanceof ctor || (isLoyaltyLinkError(value) && names.includes(value.name));
}
