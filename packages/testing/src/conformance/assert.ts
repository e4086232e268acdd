import { type Problem, ProblemSchema, toValidationIssues } from '@loyalty-link/core';
import type { HttpProbeResponse } from './http-probe';

/** What the checks need of a zod schema (structurally, so this package needs no direct zod dependency). */
interface Schema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof toValidationIssues>[0] } };
}

/** A check found the server breaking the protocol. Its message says how, without secrets or personal data. */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
}

/** Fails the check with `message` unless `condition` holds. */
export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(message);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Fails the check unless `actual` is `expected` (compared as JSON). */
export function ensureEqual(actual: unknown, expected: unknown, what: string): void {
  ensure(
    JSON.stringify(actual) === JSON.stringify(expected),
    `${what}: expected ${show(expected)}, got ${show(actual)}`,
  );
}

/** Parses `value` with `schema`, or fails the check listing the first issues with their paths. */
export function ensureShape<T>(schema: Schema<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error.issues)
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`);
  throw new ConformanceFailure(`${what} does not match its schema: ${issues.join('; ')}`);
}

/** Fails the check unless the response has `status` (and says what it got instead). */
export function ensureStatus(response: HttpProbeResponse, status: number, what: string): void {
  if (response.status === status) return;
  const code = ProblemSchema.safeParse(response.json);
  const detail = code.success ? ` (${code.data.code})` : '';
  throw new ConformanceFailure(`${what}: expected HTTP ${status}, got ${response.status}${detail}`);
}

/** Fails the check unless the response is a problem document with `status` and `code`; returns it. */
export function ensureProblem(response: HttpProbeResponse, status: number, code: string, what: string): Problem {
  ensureStatus(response, status, what);
  const type = response.headers.get('content-type') ?? '';
  ensure(
    type.includes('application/problem+json'),
    `${what}: Content-Type should be application/problem+json, got ${type}`,
  );
  const problem = ensureShape(ProblemSchema, response.json, `${what}: the problem document`);
  ensureEqual(problem.code, code, `${what}: code`);
  return problem;
}

/**
 * Whether one of the field errors points at `suffix`, given from the transaction (or request) root:
 * `['totals', 'net']` matches `['totals', 'net']` and `['items', 0, 'transaction', 'totals', 'net']`.
 */
export function hasErrorAt(
  errors: readonly { readonly path: readonly (string | number)[] }[] | undefined,
  suffix: readonly (string | number)[],
): boolean {
  return (errors ?? []).some(({ path }) => {
    if (path.length < suffix.length) return false;
    const tail = path.slice(path.length - suffix.length);
    return tail.every((segment, index) => segment === suffix[index]);
  });
}
