import { redact } from '../logging/redact';
import { guardFor, LoyaltyLinkError } from './loyalty-link-error';

/** One problem found in an input, with where it is. */
export interface ValidationIssue {
  /** Where the problem is, from the root of the input, e.g. `['lines', 2, 'quantity']`. */
  path: (string | number)[];
  /** A stable code for the kind of problem, e.g. `too_small` or `totals_mismatch`. */
  code: string;
  /** A sentence for a developer; never contains the offending value. */
  message: string;
}

/** Formats a path as `lines[2].quantity`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * @internal Issues with their path segments, codes and messages redacted. A key of the caller's input (a map
 * keyed by email address) or of a platform's answer is a path segment, and `JSON.stringify` or `util.inspect`
 * of the error prints the issues as they are; a platform's field errors have the same shape.
 */
export function redactIssues<T extends ValidationIssue>(issues: readonly T[]): T[] {
  return issues.map((issue) => ({
    ...issue,
    path: issue.path.map((segment) => (typeof segment === 'string' ? redact(segment) : segment)),
    code: redact(issue.code),
    message: redact(issue.message),
  }));
}

function summarize(subject: string, issues: readonly ValidationIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  return `${subject} is invalid (${issues.length} issue${issues.length === 1 ? '' : 's'}): ${shown.join('; ')}${more}`;
}

/**
 * Input given by the caller breaks a schema or a business invariant. Lists every issue with its path.
 * Not retryable: the same input fails the same way.
 */
export class ValidationError extends LoyaltyLinkError {
  override name = 'ValidationError' as const;
  /** Every problem found, each with its path. */
  readonly issues: ValidationIssue[];

  constructor(subject: string, issues: ValidationIssue[], options: { cause?: unknown } = {}) {
    const redacted = redactIssues(issues);
    super('validation_failed', summarize(subject, redacted), { ...options, retryable: false });
    this.issues = redacted;
  }
}

/** Whether `value` is a {@link ValidationError}. */
export const isValidationError = guardFor(ValidationError, 'ValidationError');

/**
 * A client was configured wrongly, for example with a plain `http://` URL to a remote host.
 * Raised when the client is created, not on the first call.
 */
export class ConfigurationError extends LoyaltyLinkError {
  override name = 'ConfigurationError' as const;

  constructor(code: string, message: string) {
    super(code, message, { retryable: false });
  }
}

/** Whether `value` is a {@link ConfigurationError}. */
export const isConfigurationError = guardFor(ConfigurationError, 'ConfigurationError');
