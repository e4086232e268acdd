import { type Problem, redact, type ValidationIssue } from '@loyalty-link/core';

const titles: Record<string, string> = {
  malformed_json: 'The body is not valid JSON',
  idempotency_key_required: 'An Idempotency-Key header is required',
  unauthorized: 'Missing or invalid credentials',
  invalid_signature: 'Missing or invalid body signature',
  forbidden: 'The key may not do this',
  not_found: 'No such resource',
  customer_not_found: 'No such customer',
  hold_not_found: 'No such hold',
  method_not_allowed: 'Method not allowed',
  idempotency_conflict: 'The idempotency key was used for another request',
  idempotency_in_progress: 'A request with this idempotency key is still running',
  hold_expired: 'The hold has expired',
  hold_not_active: 'The hold is no longer active',
  payload_too_large: 'The body is too large',
  unsupported_media_type: 'The body must be JSON',
  validation_failed: 'The request is invalid',
  insufficient_points: 'Not enough points available',
  customer_inactive: 'The membership is not active',
  return_exceeds_sale: 'More returned than was sold',
  already_voided: 'The transaction was already voided',
  invalid_original: 'The original transaction cannot be reversed this way',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
  upgrade_required: 'Use a WebSocket for this path',
};

/**
 * An RFC 9457 problem document with a stable `code`. The title is fixed per code and the detail passes
 * through `redact`, so no phone number, email address or key can reach a problem text.
 */
export function problemDocument(
  status: number,
  code: string,
  detail: string,
  extra: { errors?: readonly ValidationIssue[] | undefined; requestId?: string | undefined } = {},
): Problem {
  return {
    type: `https://loyalty-link.dev/problems/${code}`,
    title: titles[code] ?? 'Request failed',
    status,
    code,
    detail: redact(detail),
    ...(extra.errors === undefined
      ? {}
      : {
          errors: extra.errors.map((issue) => ({
            path: [...issue.path],
            code: issue.code,
            message: redact(issue.message),
          })),
        }),
    ...(extra.requestId === undefined ? {} : { requestId: extra.requestId }),
  };
}
