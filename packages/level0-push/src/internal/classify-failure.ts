import {
  isConfigurationError,
  isNetworkError,
  isOfflineError,
  isPlatformError,
  isValidationError,
  type LoyaltyLinkError,
} from '@loyalty-link/core';

/**
 * What a failed batch means for its transactions:
 * - `content`: the platform refused the request because of what is in it (too large, invalid, a key
 *   reused with another body). Split the batch; a transaction refused alone goes to the dead letters.
 * - `offline`: the platform could not be reached. Keep everything, retry with backoff.
 * - `retry`: a failure that passes (timeouts, 429, 5xx, a garbled answer). Keep everything, retry.
 * - `operator`: the request cannot succeed until someone fixes the setup (API key, URL). Keep everything,
 *   retry slowly, and report the client as stalled. Never dead-letter sales for a setup problem.
 */
export type FailureVerdict = { kind: 'content' } | { kind: 'offline' } | { kind: 'retry' } | { kind: 'operator' };

/** Classifies an error from `sendTransactions`. */
export function classifyFailure(error: LoyaltyLinkError): FailureVerdict {
  if (isNetworkError(error) || isOfflineError(error)) return { kind: 'offline' };
  if (isValidationError(error)) return { kind: 'content' };
  if (isConfigurationError(error)) return { kind: 'operator' };
  if (!isPlatformError(error)) return { kind: 'retry' };
  if (error.retryable) return { kind: 'retry' };
  switch (error.status) {
    case 413:
    case 422:
      return { kind: 'content' };
    case 400:
      return error.code === 'malformed_json' ? { kind: 'content' } : { kind: 'operator' };
    case 409:
      return error.code === 'idempotency_in_progress' ? { kind: 'retry' } : { kind: 'content' };
    default:
      // 401, 403, 404, 405, 415 and anything unknown: the setup is wrong, not the sales.
      return { kind: 'operator' };
  }
}
