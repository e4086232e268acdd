import * as z from 'zod/mini';

/** One field-level problem inside a problem document. */
export const ProblemFieldErrorSchema = z.object({
  /** Where the problem is, e.g. `['transactions', 0, 'lines', 2, 'quantity']`. */
  path: z.array(z.union([z.string(), z.int()])),
  /** A stable code for the kind of problem. */
  code: z.string(),
  /** A sentence for a developer. */
  message: z.string(),
});

/**
 * An RFC 9457 problem document (`application/problem+json`), extended with a stable `code` and, for
 * invalid input, the list of field `errors`.
 */
export const ProblemSchema = z.object({
  /** A URI reference that identifies the problem type. */
  type: z.optional(z.string()),
  /** A short summary of the problem type. */
  title: z.optional(z.string()),
  /** The HTTP status code. */
  status: z.optional(z.int()),
  /** An explanation specific to this occurrence. */
  detail: z.optional(z.string()),
  /** A URI reference that identifies this occurrence. */
  instance: z.optional(z.string()),
  /** A stable, machine-readable code such as `insufficient_points`. */
  code: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Field-level problems, for `validation_failed`. */
  errors: z.optional(z.array(ProblemFieldErrorSchema)),
  /** The platform's id of the request. */
  requestId: z.optional(z.string()),
});

/** An RFC 9457 problem document with a stable `code`. */
export type Problem = z.infer<typeof ProblemSchema>;
/** One field-level problem inside a {@link Problem}. */
export type ProblemFieldError = z.infer<typeof ProblemFieldErrorSchema>;
