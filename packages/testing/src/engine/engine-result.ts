import type { ValidationIssue } from '@loyalty-link/core';

/**
 * Why the engine refused an operation: a stable protocol code, the HTTP status it maps to, and a sentence
 * without personal data.
 */
export interface EngineFailure {
  ok: false;
  code: string;
  status: number;
  detail: string;
  /** Field issues, for `validation_failed`. */
  errors?: ValidationIssue[];
}

/** An operation's value, or why it was refused. */
export type EngineResult<T> = { ok: true; value: T } | EngineFailure;

/** A successful {@link EngineResult}. */
export function ok<T>(value: T): EngineResult<T> {
  return { ok: true, value };
}

/** A refused {@link EngineResult}. */
export function fail(status: number, code: string, detail: string, errors?: ValidationIssue[]): EngineFailure {
  return errors === undefined ? { ok: false, code, status, detail } : { ok: false, code, status, detail, errors };
}
