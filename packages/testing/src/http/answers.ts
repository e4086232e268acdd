import { headers as protocolHeaders, type ValidationIssue } from '@loyalty-link/core';
import { problemDocument } from '../engine/problem-document';
import type { HttpAnswer } from './platform-request';

/** A JSON response. */
export function jsonAnswer(status: number, value: unknown, requestId: string): HttpAnswer {
  return {
    kind: 'response',
    status,
    headers: { 'content-type': 'application/json', [protocolHeaders.requestId]: requestId },
    body: JSON.stringify(value),
  };
}

/** Options of {@link problemAnswer}. */
export interface ProblemAnswerOptions {
  /** Field issues, for `validation_failed`. */
  errors?: readonly ValidationIssue[] | undefined;
  /** Extra headers (`Retry-After`, `Allow`, …). */
  headers?: Record<string, string>;
}

/** An `application/problem+json` response with a stable code; texts are redacted. */
export function problemAnswer(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  options: ProblemAnswerOptions = {},
): HttpAnswer {
  return {
    kind: 'response',
    status,
    headers: {
      'content-type': 'application/problem+json',
      [protocolHeaders.requestId]: requestId,
      ...options.headers,
    },
    body: JSON.stringify(problemDocument(status, code, detail, { errors: options.errors, requestId })),
  };
}

/** A 422 `validation_failed` listing every issue. */
export function validationAnswer(issues: readonly ValidationIssue[], requestId: string): HttpAnswer {
  return problemAnswer(422, 'validation_failed', `${issues.length} issue${issues.length === 1 ? '' : 's'}`, requestId, {
    errors: issues,
  });
}
