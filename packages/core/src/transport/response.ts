import type * as z from 'zod/mini';
import { type PlatformError, platformErrorFrom } from '../errors/platform-error';
import { ProtocolError } from '../errors/protocol-error';
import { headers as protocolHeaders } from '../protocol/constants';
import { parseWire } from '../schemas/parse';
import { type Problem, ProblemSchema } from '../schemas/problem';

/** The platform's request id: `Request-Id`, or `X-Request-Id` from proxies that rename it. */
export function requestIdOf(response: Response): string | undefined {
  return response.headers.get(protocolHeaders.requestId) ?? response.headers.get('X-Request-Id') ?? undefined;
}

/**
 * Parses and validates a 2xx body. An empty body reads as `undefined` (a `204`, valid only for a schema
 * that accepts it). A body that is not JSON, or does not match `schema`, is a {@link ProtocolError}
 * carrying the request id.
 */
export function parseSuccess<S extends z.ZodMiniType>(
  schema: S,
  text: string,
  subject: string,
  requestId: string | undefined,
): z.infer<S> {
  let value: unknown;
  if (text !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ProtocolError(
        'response',
        `${subject} response`,
        [{ path: [], code: 'invalid_json', message: 'is not valid JSON' }],
        { requestId },
      );
    }
  }
  return parseWire(schema, value, `${subject} response`, 'response', requestId);
}

function problemFrom(response: Response, text: string): Problem {
  const contentType = response.headers.get('Content-Type') ?? '';
  if (contentType.includes('json') && text !== '') {
    try {
      const parsed = ProblemSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON after all: fall through to a problem made from the status.
    }
  }
  const synthesized: Problem = { code: `http_${response.status}`, status: response.status };
  if (response.statusText !== '') synthesized.title = response.statusText;
  return synthesized;
}

/**
 * The error for a non-2xx response, built by `platformErrorFrom` (the one place that maps a status to a
 * class) from the problem document the platform sent, or one made up from the status when it sent none.
 */
export function errorFromResponse(
  response: Response,
  text: string,
  requestId: string | undefined,
  retryAfterMs: number | undefined,
  retryable?: boolean,
): PlatformError {
  return platformErrorFrom({
    status: response.status,
    problem: problemFrom(response, text),
    requestId,
    retryAfterMs,
    ...(retryable === undefined ? {} : { retryable }),
  });
}
