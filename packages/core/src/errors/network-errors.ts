import { guardFor, LoyaltyLinkError, type LoyaltyLinkErrorOptions } from './loyalty-link-error';

/** The request did not get a response: connection refused or reset, DNS failure, TLS failure. Retryable. */
export class NetworkError extends LoyaltyLinkError {
  override name = 'NetworkError' as const;

  constructor(message: string, options: LoyaltyLinkErrorOptions = {}) {
    super('network_error', message, { retryable: true, ...options });
  }
}

/**
 * A time budget ran out: `code` is `timeout` when one attempt took longer than its per-attempt timeout,
 * `deadline_exceeded` when the whole call (all attempts and waits) ran past its deadline. Retryable.
 */
export class TimeoutError extends LoyaltyLinkError {
  override name = 'TimeoutError' as const;
  /** The budget that ran out, in milliseconds. */
  readonly timeoutMs: number;

  constructor(
    code: 'timeout' | 'deadline_exceeded',
    message: string,
    timeoutMs: number,
    options: LoyaltyLinkErrorOptions = {},
  ) {
    super(code, message, { retryable: true, ...options });
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The operation needs the network and the register knows it is offline (or the platform is unreachable
 * and the operation is online-only, such as a redemption). Retryable later.
 */
export class OfflineError extends LoyaltyLinkError {
  override name = 'OfflineError' as const;

  constructor(message: string, options: LoyaltyLinkErrorOptions = {}) {
    super('offline', message, { retryable: true, ...options });
  }
}

/** The caller aborted the operation through its `AbortSignal`. The abort reason is the `cause`. */
export class AbortError extends LoyaltyLinkError {
  override name = 'AbortError' as const;

  constructor(message = 'The operation was aborted', options: LoyaltyLinkErrorOptions = {}) {
    super('aborted', message, { retryable: false, ...options });
  }
}

/** Whether `value` is a {@link NetworkError}. */
export const isNetworkError = guardFor(NetworkError, 'NetworkError');
/** Whether `value` is a {@link TimeoutError}. */
export const isTimeoutError = guardFor(TimeoutError, 'TimeoutError');
/** Whether `value` is an {@link OfflineError}. */
export const isOfflineError = guardFor(OfflineError, 'OfflineError');
/** Whether `value` is an {@link AbortError}. */
export const isAbortError = guardFor(AbortError, 'AbortError');
