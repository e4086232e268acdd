import * as z from 'zod/mini';
import { ProtocolError, type ProtocolErrorSource } from '../errors/protocol-error';
import { ValidationError, type ValidationIssue } from '../errors/validation-error';
import { type Transaction, TransactionShape, transactionIssues } from './transaction';

const GENERIC_MESSAGE = 'Invalid input';

function sizeUnit(origin: string): string {
  switch (origin) {
    case 'string':
      return ' characters';
    case 'array':
    case 'set':
      return ' items';
    default:
      return '';
  }
}

/**
 * A sentence for one zod issue. zod/mini ships no messages (they would cost bundle size and need global
 * configuration), so the SDK words them here from the issue's data. Values are never echoed.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.message !== GENERIC_MESSAGE && issue.message !== '') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (typeof issue.input === 'number' && Number.isNaN(issue.input)) return 'must be a number, not NaN';
      return `must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'too_small':
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${sizeUnit(issue.origin)}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}${sizeUnit(issue.origin)}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `has unknown keys: ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return 'has an invalid element';
    default:
      return 'is invalid';
  }
}

/** Turns zod's issues into {@link ValidationIssue}s; custom checks carry their stable code in `params.code`. */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.map((issue) => {
    const custom = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
    return {
      path: issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
      code: typeof custom === 'string' ? custom : issue.code,
      message: describeIssue(issue),
    };
  });
}

/**
 * Parses input the caller gave. On failure throws a `ValidationError` that lists every issue with its path.
 * @param subject what the input is, for the message ("transaction", "product").
 */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown, subject: string): z.infer<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data as z.infer<S>;
  throw new ValidationError(subject, toValidationIssues(result.error.issues));
}

/**
 * Parses something the platform sent. On failure throws a `ProtocolError` that lists every issue.
 * @param subject what it is, for the message ("balance response", "welcome frame").
 */
export function parseWire<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  subject: string,
  source: ProtocolErrorSource = 'response',
  requestId?: string,
): z.infer<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data as z.infer<S>;
  throw new ProtocolError(source, subject, toValidationIssues(result.error.issues), { requestId });
}

/**
 * Validates a sale, return or void: its shape and every business invariant (totals add up, one
 * currency, sane quantities). Returns it with defaults applied, or throws a `ValidationError` listing
 * every issue with its path.
 */
export function parseTransaction(input: unknown): Transaction {
  // TransactionSchema is the shape plus the invariants, which run only on a clean shape. Parsed here in
  // those two steps, so the shape can take zod's compiled fast path; the verdict, the output and the
  // issues are the schema's.
  const shape = shapeParser().safeParse(input, { reportInput: true });
  if (!shape.success) throw new ValidationError('transaction', toValidationIssues(shape.error.issues));
  const issues = transactionIssues(shape.data);
  if (issues.length > 0) throw new ValidationError('transaction', issues);
  return shape.data;
}

let shapeParserMade: typeof TransactionShape | undefined;

/**
 * `z.compile` of the transaction shape, made on first use: a fast path generated with `new Function`,
 * falling back to zod's runtime parser for anything it cannot model. Hosts whose content security policy
 * forbids `new Function` should set zod's `jitless` option, and get the runtime parser alone.
 */
function shapeParser(): typeof TransactionShape {
  shapeParserMade ??= z.config().jitless === true ? TransactionShape : z.compile(TransactionShape);
  return shapeParserMade;
}
