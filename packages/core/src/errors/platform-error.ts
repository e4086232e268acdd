import { percentDecoded, redact } from '../logging/redact';
import type { Problem } from '../schemas/problem';
import { guardFor, LoyaltyLinkError } from './loyalty-link-error';
import { redactIssues } from './validation-error';

/** What a {@link PlatformError} is built from: one HTTP error response. */
export interface PlatformErrorInit {
  /** The HTTP status code. */
  status: number;
  /** The RFC 9457 problem the platform sent (or one made up from the status when it sent none). */
  problem: Problem;
  /** The platform's request id, when the response carried one. */
  requestId?: string | undefined;
  /** How long the platform asked us to wait before retrying, from `Retry-After`, in milliseconds. */
  retryAfterMs?: number | undefined;
  /**
   * Whether retrying may succeed, when the platform said so (`Loyalty-Link-Should-Retry`). Without it the
   * status decides: 408, 429 and 5xx except 501 and 505.
   */
  retryable?: boolean | undefined;
}

/**
 * A copy of a problem with its free texts redacted. The protocol forbids personal data in problems, but a
 * platform that echoes a phone number in `detail` must not get it into logs through `JSON.stringify(error)`.
 */
/** @internal A problem with its texts scrubbed of secrets and personal data (see `redact`). */
export function redactProblem(problem: Problem): Problem {
  const out: Problem = { ...problem, code: redact(problem.code) };
  for (const field of ['title', 'detail'] as const) {
    const value = problem[field];
    if (value !== undefined) out[field] = redact(value);
  }
  // URI references, percent-encoded: `/v1/customers/%2B31612345678/balance` hides a phone number until decoded.
  for (const field of ['type', 'instance'] as const) {
    const value = problem[field];
    if (value !== undefined) out[field] = redact(percentDecoded(value));
  }
  // Paths name fields, but a platform may put a value in one (`customers["jane@example.com"]`).
  if (problem.errors !== undefined) out.errors = redactIssues(problem.errors);
  return out;
}

/**
 * The platform answered with an error status. Carries the HTTP `status`, the RFC 9457 `problem` and the
 * platform's stable `code` (from the problem, or derived from the status). Subclasses exist for the
 * cases a register handles differently; build one with {@link platformErrorFrom}.
 */
export class PlatformError extends LoyaltyLinkError {
  override name: string = 'PlatformError';
  /** The HTTP status code. */
  readonly status: number;
  /** The RFC 9457 problem details, with free texts redacted. */
  readonly problem: Problem;
  /** How long the platform asked us to wait before retrying, in milliseconds, if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(init: PlatformErrorInit) {
    const problem = redactProblem(init.problem);
    const title = problem.title ?? `HTTP ${init.status}`;
    const detail = problem.detail === undefined ? '' : `: ${problem.detail}`;
    super(problem.code, `${init.status} ${title}${detail}`, {
      retryable: init.retryable ?? isRetryableStatus(init.status),
      requestId: init.requestId,
    });
    this.status = init.status;
    this.problem = problem;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The API key is missing, wrong, expired, or lacks the permission (401, 403). */
export class AuthError extends PlatformError {
  override name = 'AuthError' as const;
}

/** The customer, hold, transaction or resource does not exist (404). */
export class NotFoundError extends PlatformError {
  override name = 'NotFoundError' as const;
}

/** The request conflicts with the platform's state, e.g. an idempotency key reused with another body (409). */
export class ConflictError extends PlatformError {
  override name = 'ConflictError' as const;
}

/** Too many requests (429). `retryAfterMs` says how long the platform asked us to wait. */
export class RateLimitError extends PlatformError {
  override name = 'RateLimitError' as const;
}

/** The customer does not have enough available points for the redemption or hold. */
export class InsufficientPointsError extends PlatformError {
  override name = 'InsufficientPointsError' as const;
}

/** The hold was released or ran past its time to live before it could be committed. */
export class HoldExpiredError extends PlatformError {
  override name = 'HoldExpiredError' as const;
}

/**
 * Whether a response with this status is worth retrying: 408, 429 and 5xx, except 501 (not implemented)
 * and 505 (HTTP version not supported), which fail the same way every time.
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return status >= 500 && status !== 501 && status !== 505;
}

/** The one place that maps an HTTP error response to its error class. */
export function platformErrorFrom(init: PlatformErrorInit): PlatformError {
  switch (init.problem.code) {
    case 'insufficient_points':
      return new InsufficientPointsError(init);
    case 'hold_expired':
      return new HoldExpiredError(init);
    default:
      break;
  }
  switch (init.status) {
    case 401:
    case 403:
      return new AuthError(init);
    case 404:
      return new NotFoundError(init);
    case 409:
      return new ConflictError(init);
    case 429:
      return new RateLimitError(init);
    default:
      return new PlatformError(init);
  }
}

/** Whether `value` is a {@link PlatformError} or one of its subclasses. */
export const isPlatformError = guardFor(
  PlatformError,
  'PlatformError',
  'AuthError',
  'NotFoundError',
  'ConflictError',
  'RateLimitError',
  'InsufficientPointsError',
  'HoldExpiredError',
);
/** Whether `value` is an {@link AuthError}. */
export const isAuthError = guardFor(AuthError, 'AuthError');
/** Whether `value` is a {@link NotFoundError}. */
export const isNotFoundError = guardFor(NotFoundError, 'NotFoundError');
/** Whether `value` is a {@link ConflictError}. */
export const isConflictError = guardFor(ConflictError, 'ConflictError');
/** Whether `value` is a {@link RateLimitError}. */
export const isRateLimitError = guardFor(RateLimitError, 'RateLimitError');
/** Whether `value` is an {@link InsufficientPointsError}. */
export const isInsufficientPointsError = guardFor(InsufficientPointsError, 'InsufficientPointsError');
/** Whether `value` is a {@link HoldExpiredError}. */
export const isHoldExpiredError = guardFor(HoldExpiredError, 'HoldExpiredError');
