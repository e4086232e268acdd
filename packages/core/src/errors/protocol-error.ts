import { guardFor, LoyaltyLinkError, type LoyaltyLinkErrorOptions } from './loyalty-link-error';
import { formatPath, redactIssues, type ValidationIssue } from './validation-error';

/** Where a {@link ProtocolError} was found. */
export type ProtocolErrorSource = 'response' | 'frame';

/**
 * The platform sent something that breaks the protocol: an HTTP response or a WebSocket frame that does
 * not match its schema, or is not JSON at all. Lists every issue with its path.
 */
export class ProtocolError extends LoyaltyLinkError {
  override name = 'ProtocolError' as const;
  /** Whether an HTTP response or a WebSocket frame was malformed. */
  readonly source: ProtocolErrorSource;
  /** Every mismatch found, each with its path. */
  readonly issues: ValidationIssue[];

  constructor(
    source: ProtocolErrorSource,
    subject: string,
    issues: ValidationIssue[],
    options: LoyaltyLinkErrorOptions = {},
  ) {
    const redacted = redactIssues(issues);
    const detail = redacted
      .slice(0, 5)
      .map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
      .join('; ');
    super('protocol_error', `The platform sent a malformed ${subject}: ${detail}`, options);
    this.source = source;
    this.issues = redacted;
  }
}

/** Whether `value` is a {@link ProtocolError}. */
export const isProtocolError = guardFor(ProtocolError, 'ProtocolError');
