import { toValidationIssues, type ValidationIssue } from '@loyalty-link/core';

type Issues = Parameters<typeof toValidationIssues>[0];

/** Any core zod schema: what `safeParse` gives back is all the HTTP layer needs. */
export interface SafeParser<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: Issues } };
}

/** A body that passed validation, or the issues (paths from the body's root) that failed it. */
export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Validates `input` with a core schema. */
export function validateWith<T>(schema: SafeParser<T>, input: unknown): Validated<T> {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toValidationIssues(result.error.issues) };
}
