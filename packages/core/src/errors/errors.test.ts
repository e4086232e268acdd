import { describe, expect, it } from 'vitest';
import { isLoyaltyLinkError, type LoyaltyLinkError } from './loyalty-link-error';
import { AbortError, isNetworkError, isTimeoutError, NetworkError, TimeoutError } from './network-errors';
import {
  AuthError,
  ConflictError,
  HoldExpiredError,
  InsufficientPointsError,
  isInsufficientPointsError,
  isPlatformError,
  isRateLimitError,
  isRetryableStatus,
  NotFoundError,
  PlatformError,
  platformErrorFrom,
  RateLimitError,
} from './platform-error';
import { ProtocolError } from './protocol-error';
import { isValidationError, ValidationError } from './validation-error';

const problem = (code: string, extra: Record<string, unknown> = {}) => ({ code, title: 'Problem', ...extra });

describe('error tree', () => {
  it('maps status and problem code to one class each', () => {
    const cases: [number, string, new (...args: never[]) => PlatformError][] = [
      [401, 'unauthorized', AuthError],
      [403, 'forbidden', AuthError],
      [404, 'customer_not_found', NotFoundError],
      [409, 'idempotency_conflict', ConflictError],
      [429, 'rate_limited', RateLimitError],
      [422, 'insufficient_points', InsufficientPointsError],
      [409, 'hold_expired', HoldExpiredError],
      [500, 'internal', PlatformError],
    ];
    for (const [status, code, ctor] of cases) {
      const error = platformErrorFrom({ status, problem: problem(code) });
      expect(error).toBeInstanceOf(ctor);
      expect(error.code).toBe(code);
      expect(error.status).toBe(status);
      expect(isPlatformError(error)).toBe(true);
    }
  });

  it('marks retryable statuses: 408, 429, 5xx except 501 and 505', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 404, 409, 413, 422, 501, 505].some(isRetryableStatus)).toBe(false);
    expect(platformErrorFrom({ status: 503, problem: problem('unavailable') }).retryable).toBe(true);
    expect(platformErrorFrom({ status: 422, problem: problem('validation_failed') }).retryable).toBe(false);
  });

  it('keeps retry-after, request id and cause', () => {
    const error = platformErrorFrom({
      status: 429,
      problem: problem('rate_limited'),
      retryAfterMs: 2000,
      requestId: 'req_1',
    });
    expect(isRateLimitError(error) && error.retryAfterMs).toBe(2000);
    expect(error.requestId).toBe('req_1');
    const cause = new Error('socket hang up');
    expect(new NetworkError('connection reset', { cause }).cause).toBe(cause);
  });

  it('guards work across realms by name and code', () => {
    const foreign = { name: 'InsufficientPointsError', code: 'insufficient_points', message: 'x' };
    expect(isInsufficientPointsError(foreign)).toBe(true);
    expect(isPlatformError(foreign)).toBe(true);
    expect(isLoyaltyLinkError(foreign)).toBe(true);
    expect(isLoyaltyLinkError({ name: 'TypeError', code: 'x' })).toBe(false);
    expect(isLoyaltyLinkError({ name: 'ValidationError' })).toBe(false);
    expect(isValidationError(new ValidationError('x', []))).toBe(true);
    expect(isTimeoutError(new TimeoutError('timeout', 'slow', 100))).toBe(true);
    expect(isNetworkError(new TimeoutError('timeout', 'slow', 100))).toBe(false);
  });

  it('every error has a stable code and a retryable flag', () => {
    const errors: LoyaltyLinkError[] = [
      new ValidationError('sale', [{ path: ['lines'], code: 'too_small', message: 'at least one' }]),
      new NetworkError('down'),
      new TimeoutError('deadline_exceeded', 'too slow', 1000),
      new AbortError(),
      new ProtocolError('response', 'balance', [
        { path: ['points'], code: 'invalid_type', message: 'must be an object' },
      ]),
    ];
    expect(errors.map((error) => [error.name, error.code, error.retryable])).toEqual([
      ['ValidationError', 'validation_failed', false],
      ['NetworkError', 'network_error', true],
      ['TimeoutError', 'deadline_exceeded', true],
      ['AbortError', 'aborted', false],
      ['ProtocolError', 'protocol_error', false],
    ]);
  });

  it('writes paths into messages and redacts personal data from them', () => {
    const error = new ValidationError('sale', [
      { path: ['lines', 2, 'quantity'], code: 'too_small', message: 'must be more than 0' },
    ]);
    expect(error.message).toBe('sale is invalid (1 issue): lines[2].quantity: must be more than 0');
    const leaky = platformErrorFrom({
      status: 404,
      problem: problem('customer_not_found', { detail: 'no customer with phone +31612345678 or jane@example.com' }),
    });
    expect(leaky.message).not.toMatch(/31612345678|jane@example\.com/);
    expect(leaky.message).toContain('[phone]');
  });
});
