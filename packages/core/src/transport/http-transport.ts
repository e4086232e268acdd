import type * as z from 'zod/mini';
import type { LoyaltyLinkError } from '../errors/loyalty-link-error';
import { AbortError, NetworkError, TimeoutError } from '../errors/network-errors';
import { ProtocolError } from '../errors/protocol-error';
import { ValidationError } from '../errors/validation-error';
import { type Logger, redactingLogger, silentLogger } from '../logging/logger';
import { percentDecoded, registerSecret } from '../logging/redact';
import { PROTOCOL_VERSION, headers as protocolHeaders } from '../protocol/constants';
import { sleep } from '../time/clock';
import { sendAttempt } from './attempt';
import { checkDuration, type HttpTransportOptions, MAX_TIMER_MS, normalizeHttpTransportOptions } from './options';
import { randomUuid } from './random-uuid';
import { errorFromResponse, parseSuccess, requestIdOf } from './response';
import { type FailedAttempt, planRetry, type RetryCounts } from './retry';
import { parseRetryAfter } from './retry-after';
import { type BodySigner, createBodySigner } from './signature';
import type { HttpTransport, QueryValue, TransportRequest, TransportResponse } from './types';

/** Headers of the transport beyond the ones protocol v1 names (`headers` in `protocol/constants`). */
export const transportHeaders = {
  contentType: 'Content-Type',
  userAgent: 'User-Agent',
} as const;

const idempotencyKeyPattern = /^[\x21-\x7E]{1,512}$/;

function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (query === undefined) return '';
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined) continue;
    out += `${out === '' ? '?' : '&'}${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
  }
  return out;
}

function shouldRetryHint(response: Response): boolean | undefined {
  const value = response.headers.get(protocolHeaders.shouldRetry);
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** The JSON text of a request body, or a `ValidationError` for a value JSON cannot hold. */
function serializeBody(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new ValidationError(
      'request body',
      [{ path: [], code: 'not_serializable', message: 'must be JSON: no BigInt, no circular references' }],
      { cause: error },
    );
  }
}

/**
 * Creates the HTTP transport that every protocol v1 call goes through. Checks the options at once: a plain
 * `http:` URL to a remote host, a missing key or a nonsensical budget throw a `ConfigurationError` here,
 * not on the first sale. Registers the API key and signing secret with the redactor.
 *
 * @example
 * ```ts
 * const transport = createHttpTransport({ baseUrl: 'https://loyalty.example.com', apiKey });
 * const { data: balance } = await transport.request({
 *   method: 'GET',
 *   path: paths.balance(customerId),
 *   route: '/v1/customers/{customerId}/balance', // what messages and logs show
 *   schema: BalanceSchema,
 *   subject: 'balance',
 * });
 * ```
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const config = normalizeHttpTransportOptions(options);
  registerSecret(config.apiKey);
  if (config.signingSecret !== undefined) registerSecret(config.signingSecret);
  const signer: BodySigner | undefined =
    config.signingSecret === undefined ? undefined : createBodySigner(config.signingSecret);
  // Redacting a line costs a few regular expressions; skip all of it when nobody listens.
  const log: Logger | undefined = config.logger === silentLogger ? undefined : redactingLogger(config.logger);
  const { clock, baseUrl } = config;
  const limits = {
    maxRetries: config.maxRetries,
    maxRateLimitWaits: config.maxRateLimitWaits,
    retryBaseMs: config.retryBaseMs,
    retryMaxMs: config.retryMaxMs,
  };

  const baseHeaders: Record<string, string> = {
    ...config.headers,
    [protocolHeaders.authorization]: `Bearer ${config.apiKey}`,
    [protocolHeaders.version]: String(PROTOCOL_VERSION),
  };
  if (config.userAgent !== undefined) baseHeaders[transportHeaders.userAgent] = config.userAgent;

  async function request<S extends z.ZodMiniType>(req: TransportRequest<S>): Promise<TransportResponse<z.infer<S>>> {
    const { method, path, signal } = req;
    // The path as messages and logs show it: the caller's route, which leaves ids out, or else the path
    // decoded, so that the redactor at least recognises a phone number or an email address used as an id
    // (`%2B31…`, `…%40example.com`).
    const shownPath = req.route ?? percentDecoded(path);
    const aborted = (cause: unknown): AbortError => new AbortError(`${method} ${shownPath} was aborted`, { cause });
    if (signal?.aborted === true) throw aborted(signal.reason);

    if (req.idempotencyKey !== undefined && !idempotencyKeyPattern.test(req.idempotencyKey)) {
      throw new ValidationError('idempotency key', [
        { path: [], code: 'invalid_format', message: 'must be 1-512 printable ASCII characters without spaces' },
      ]);
    }
    const deadlineMs = req.deadlineMs ?? config.deadlineMs;
    const attemptTimeoutMs = req.attemptTimeoutMs ?? config.attemptTimeoutMs;
    const retry = req.retry ?? (method === 'GET' || (method === 'POST' && req.idempotencyKey !== undefined));
    // Durations given per call are checked as those given when the transport was created.
    checkDuration('deadlineMs', deadlineMs, false);
    checkDuration('attemptTimeoutMs', attemptTimeoutMs, false);
    const url = `${baseUrl}${path}${queryString(req.query)}`;
    const body = req.bodyJson ?? (req.body === undefined ? undefined : serializeBody(req.body));
    const idempotencyKey = req.idempotencyKey ?? (method === 'POST' ? randomUuid() : undefined);

    let callHeaders = baseHeaders;
    if (body !== undefined || idempotencyKey !== undefined) {
      callHeaders = { ...baseHeaders };
      if (body !== undefined) callHeaders[transportHeaders.contentType] = 'application/json';
      if (idempotencyKey !== undefined) callHeaders[protocolHeaders.idempotencyKey] = idempotencyKey;
    }

    const startedAt = clock.now();
    const deadlineAt = startedAt + deadlineMs;
    const deadlineExceeded = (cause: LoyaltyLinkError | undefined): TimeoutError =>
      new TimeoutError(
        'deadline_exceeded',
        `${method} ${shownPath}: no answer for the ${req.subject} within the deadline of ${deadlineMs} ms`,
        deadlineMs,
        { cause, requestId: cause?.requestId },
      );
    const counts: RetryCounts = { attempts: 0, retries: 0, rateLimitWaits: 0 };
    let lastError: LoyaltyLinkError | undefined;

    for (;;) {
      const attemptStart = clock.now();
      const left = deadlineAt - attemptStart;
      if (left <= 0) throw deadlineExceeded(lastError);
      const cutByDeadline = left < attemptTimeoutMs;
      const timeoutMs = Math.min(attemptTimeoutMs, left, MAX_TIMER_MS);
      const attemptHeaders: Record<string, string> = {
        ...callHeaders,
        [protocolHeaders.retryCount]: String(counts.attempts),
      };
      if (signer !== undefined && body !== undefined) {
        attemptHeaders[protocolHeaders.signature] = await signer.sign(Math.floor(clock.now() / 1000), body);
      }
      counts.attempts += 1;
      const result = await sendAttempt({
        url,
        method,
        headers: attemptHeaders,
        body,
        timeoutMs,
        maxResponseBytes: config.maxResponseBytes,
        signal,
        fetch: config.fetch,
        clock,
      });
      const durationMs = clock.now() - attemptStart;

      let failure: FailedAttempt;
      if (result.ok) {
        const { response, text } = result;
        const status = response.status;
        const requestId = requestIdOf(response);
        log?.debug('http attempt', {
          method,
          path: shownPath,
          status,
          attempt: counts.attempts,
          durationMs,
          requestId,
        });
        if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
          throw new ProtocolError('response', `answer to ${method} ${shownPath}`, [
            {
              path: ['status'],
              code: 'unexpected_redirect',
              message: `is a redirect (${status || 'opaque'}); the protocol has none, so it is not followed`,
            },
          ]);
        }
        if (status >= 200 && status < 300) {
          const data = parseSuccess(req.schema, text, req.subject, requestId);
          return {
            data,
            status,
            requestId,
            replayed: response.headers.get(protocolHeaders.idempotentReplayed) === 'true',
          };
        }
        const rawRetryAfter = parseRetryAfter(response.headers.get(protocolHeaders.retryAfter), clock.now());
        const retryAfterMs = rawRetryAfter === undefined ? undefined : Math.min(rawRetryAfter, config.maxRetryAfterMs);
        const hinted = shouldRetryHint(response);
        let error = errorFromResponse(response, text, requestId, retryAfterMs, hinted);
        // The protocol marks `idempotency_in_progress` retryable (after `Retry-After`) by its code, whether or
        // not the platform also sent the hint header.
        const shouldRetry = hinted ?? (error.code === 'idempotency_in_progress' ? true : undefined);
        if (shouldRetry !== hinted) error = errorFromResponse(response, text, requestId, retryAfterMs, shouldRetry);
        lastError = error;
        failure = { kind: 'status', status, retryAfterMs, shouldRetry };
      } else if (result.reason === 'too_large') {
        const { status } = result.response;
        log?.debug('http attempt', { method, path: shownPath, status, outcome: 'too_large', attempt: counts.attempts });
        // Not retried here: the same request most likely gets the same answer. The error is not final for a
        // caller that retries later (the push client keeps its sales and tries again with backoff).
        throw new ProtocolError(
          'response',
          `answer to ${method} ${shownPath}`,
          [
            {
              path: ['body'],
              code: 'response_too_large',
              message: `is longer than maxResponseBytes (${config.maxResponseBytes} bytes); it was not read`,
            },
          ],
          { requestId: requestIdOf(result.response) },
        );
      } else {
        log?.debug('http attempt', {
          method,
          path: shownPath,
          outcome: result.reason,
          attempt: counts.attempts,
          durationMs,
        });
        if (result.reason === 'aborted') throw aborted(result.cause);
        if (result.reason === 'timeout') {
          const timeout = new TimeoutError(
            'timeout',
            `${method} ${shownPath}: no answer for the ${req.subject} within ${timeoutMs} ms`,
            timeoutMs,
            { cause: result.cause },
          );
          // An attempt cut short by the deadline, not by its own budget, means the call is out of time.
          if (cutByDeadline) throw deadlineExceeded(timeout);
          lastError = timeout;
          failure = { kind: 'timeout' };
        } else {
          lastError = new NetworkError(`${method} ${shownPath}: no response for the ${req.subject}`, {
            cause: result.cause,
          });
          failure = { kind: 'network' };
        }
      }

      const plan = retry ? planRetry(failure, counts, limits, config.random) : undefined;
      if (plan === undefined) throw lastError;
      if (clock.now() + plan.waitMs >= deadlineAt) throw deadlineExceeded(lastError);
      if (plan.rateLimited) counts.rateLimitWaits += 1;
      else counts.retries += 1;
      log?.warn('http retry', {
        method,
        path: shownPath,
        attempt: counts.attempts,
        waitMs: plan.waitMs,
        code: lastError.code,
        requestId: lastError.requestId,
      });
      try {
        await sleep(Math.min(plan.waitMs, MAX_TIMER_MS), clock, signal);
      } catch (reason) {
        throw aborted(reason);
      }
    }
  }

  return { baseUrl, request };
}
