import { IdempotencyKeySchema, limits, headers as protocolHeaders } from '@loyalty-link/core';
import type { IdempotencyClaim, StoredResponse } from '../engine/idempotency-store';
import type { Platform } from '../engine/platform';
import type { RecordedRequest } from '../engine/request-log';
import { delay } from '../faults/delay';
import type { InjectedFailure } from '../faults/fault-controller';
import { problemAnswer, validationAnswer } from './answers';
import type { HttpAnswer, PlatformRequest, PlatformResponse } from './platform-request';
import { findRoute, type Route } from './routes';
import { sha256, toHex } from './sha256';
import { verifySignature } from './signature';
import { validateWith } from './validate';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

type Headers = Map<string, string>;

function lowerCaseHeaders(raw: PlatformRequest['headers']): Headers {
  const out: Headers = new Map();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out.set(name.toLowerCase(), typeof value === 'string' ? value : value.join(', '));
  }
  return out;
}

const injectedCodes: Record<number, string> = {
  429: 'rate_limited',
  500: 'internal',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'gateway_timeout',
};

function injectedAnswer(failure: InjectedFailure, requestId: string): PlatformResponse {
  if (failure.as === 'network') return { kind: 'network_error' };
  if (failure.as === 'stall') return { kind: 'stall' };
  const status = failure.as;
  const retryAfter = status === 429 || status === 503 ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
  return problemAnswer(status, injectedCodes[status] ?? 'injected_fault', 'Injected by the test platform.', requestId, {
    headers: retryAfter,
  });
}

/** Responses stored for replay: 2xx and 4xx, but not 5xx, 429 or 401 (protocol §3). */
function isStorable(status: number): boolean {
  return status < 500 && status !== 429 && status !== 401;
}

function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const [type, ...parameters] = value.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith('charset='));
  const utf8 = charset === undefined || /^charset="?utf-?8"?$/.test(charset);
  return utf8 && (type === 'application/json' || (type?.startsWith('application/') === true && type.endsWith('+json')));
}

/** Parses, validates and runs a routed request; synchronous, so it cannot interleave with another. */
function process(
  platform: Platform,
  route: Route,
  params: string[],
  query: URLSearchParams,
  headers: Headers,
  bytes: Uint8Array,
  requestId: string,
): HttpAnswer {
  let body: unknown;
  if (route.method === 'POST') {
    if (bytes.length === 0 && route.emptyBodyOk === true) body = {};
    else {
      if (bytes.length > 0 && !isJsonContentType(headers.get('content-type'))) {
        return problemAnswer(415, 'unsupported_media_type', 'Send the body as application/json.', requestId);
      }
      try {
        body = JSON.parse(decoder.decode(bytes));
      } catch {
        return problemAnswer(400, 'malformed_json', 'The body is not valid UTF-8 JSON.', requestId);
      }
    }
  }
  return route.handle({ platform, params, query, body, requestId });
}

interface Served {
  response: PlatformResponse;
  idempotencyKey?: string;
  replayed?: boolean;
  fault?: string;
}

async function serve(
  platform: Platform,
  request: PlatformRequest,
  url: URL,
  headers: Headers,
  bytes: Uint8Array,
  requestId: string,
): Promise<Served> {
  const method = request.method.toUpperCase();
  const path = url.pathname;
  const fail = (status: number, code: string, detail: string, extra: Record<string, string> = {}): Served => ({
    response: problemAnswer(status, code, detail, requestId, { headers: extra }),
  });

  if (!path.startsWith('/v1/')) return fail(404, 'not_found', 'No such resource.');
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  const apiKey = bearer?.[1];
  if (apiKey === undefined || !platform.apiKeys.has(apiKey)) {
    return fail(401, 'unauthorized', 'Send a valid API key as a Bearer token.', { 'www-authenticate': 'Bearer' });
  }
  if (request.bodyTooLarge === true || bytes.length > limits.maxBodyBytes) {
    return fail(413, 'payload_too_large', `The body is over ${limits.maxBodyBytes} bytes; split it.`);
  }
  const found = findRoute(method, path);
  if ('miss' in found) {
    return found.miss === 'not_found'
      ? fail(404, 'not_found', 'No such resource.')
      : fail(405, 'method_not_allowed', `Use ${found.allow.join(' or ')}.`, { allow: found.allow.join(', ') });
  }
  if (
    platform.signingSecret !== undefined &&
    method === 'POST' &&
    !verifySignature(platform.signingSecret, headers.get('loyalty-link-signature'), bytes, platform.clock.now())
  ) {
    return fail(401, 'invalid_signature', 'The body signature is missing, wrong or too old.');
  }

  let claim: IdempotencyClaim | undefined;
  let idempotencyKey: string | undefined;
  if (method === 'POST') {
    idempotencyKey = headers.get('idempotency-key');
    if (idempotencyKey === undefined || idempotencyKey.length === 0) {
      return fail(400, 'idempotency_key_required', 'Every POST needs an Idempotency-Key header.');
    }
    const validKey = validateWith(IdempotencyKeySchema, idempotencyKey);
    if (!validKey.ok) {
      return {
        idempotencyKey,
        response: validationAnswer(
          validKey.issues.map((issue) => ({ ...issue, path: ['headers', protocolHeaders.idempotencyKey] })),
          requestId,
        ),
      };
    }
    // Fingerprint and claim with no await in between: a concurrent duplicate finds the claim.
    const fingerprint = `${method} ${path} ${toHex(sha256(bytes))}`;
    claim = platform.idempotency.claim(apiKey, idempotencyKey, fingerprint);
    if (claim.kind === 'conflict') {
      return {
        idempotencyKey,
        ...fail(409, 'idempotency_conflict', 'This idempotency key was used for a different request.'),
      };
    }
    if (claim.kind === 'in_progress') {
      return {
        idempotencyKey,
        ...fail(409, 'idempotency_in_progress', 'The first request with this key is still running.', {
          'retry-after': '1',
          'loyalty-link-should-retry': 'true',
        }),
      };
    }
    if (claim.kind === 'replay') {
      const stored = claim.response;
      // A retry answered from the store is a request like any other for faults and latency: it counts
      // towards `failNext` and may fail, and the stored response stays for the next retry.
      const plan = platform.faults.plan(path);
      if (!(await delay(plan.latencyMs, platform.clock, (callback) => platform.onClose(callback)))) {
        return { idempotencyKey, response: { kind: 'network_error' } };
      }
      if (plan.failure !== undefined) {
        return {
          idempotencyKey,
          fault: `${String(plan.failure.as)} ${plan.failure.point}`,
          response: injectedAnswer(plan.failure, requestId),
        };
      }
      return {
        idempotencyKey,
        replayed: true,
        response: {
          kind: 'response',
          status: stored.status,
          headers: { ...stored.headers, [protocolHeaders.requestId]: requestId, 'idempotent-replayed': 'true' },
          body: stored.body,
        },
      };
    }
  }

  const plan = platform.faults.plan(path);
  const withKey = idempotencyKey === undefined ? {} : { idempotencyKey };
  if (!(await delay(plan.latencyMs, platform.clock, (callback) => platform.onClose(callback)))) {
    // The platform closed during the injected latency: the connection is gone, nothing was processed.
    if (claim?.kind === 'new') claim.abandon();
    return { ...withKey, response: { kind: 'network_error' } };
  }
  const failure = plan.failure;
  if (failure !== undefined && failure.point === 'before') {
    if (claim?.kind === 'new') claim.abandon();
    return { ...withKey, fault: `${String(failure.as)} before`, response: injectedAnswer(failure, requestId) };
  }

  let answer: HttpAnswer;
  try {
    answer = process(platform, found.route, found.params, url.searchParams, headers, bytes, requestId);
  } catch (error) {
    if (claim?.kind === 'new') claim.abandon();
    throw error;
  }
  if (claim?.kind === 'new') {
    if (isStorable(answer.status)) {
      const stored: StoredResponse = { status: answer.status, headers: { ...answer.headers }, body: answer.body };
      claim.complete(stored);
    } else claim.abandon();
  }
  if (failure !== undefined) {
    return { ...withKey, fault: `${String(failure.as)} after`, response: injectedAnswer(failure, requestId) };
  }
  return { ...withKey, response: answer };
}

/**
 * Serves one HTTP request of protocol v1 against `platform`, whatever the transport: MSW handlers and the
 * Node simulator both call it. In order: `/v1` prefix (404), Bearer key (401), body size on the raw bytes
 * (413), route (404 / 405), body signature when a secret is set (401), for a POST the idempotency key
 * (400 / 409), then injected latency and faults (a replayed response gets them too, and a one-shot fault
 * counts it), then the stored response of a replay, or content type (415), JSON (400), schema (422) and
 * the engine. Every response carries `Request-Id`; errors are problem documents with stable codes and
 * redacted texts. It never throws: an unexpected error becomes `500 internal`. A request still waiting on
 * injected latency when the platform closes ends as a network error, unprocessed.
 *
 * @example
 * ```ts
 * const response = await handleRequest(platform, {
 *   method: 'GET',
 *   url: 'https://platform.loyalty.test/v1/program',
 *   headers: { authorization: `Bearer ${platform.apiKey}` },
 *   body: '',
 * });
 * ```
 */
export async function handleRequest(platform: Platform, request: PlatformRequest): Promise<PlatformResponse> {
  const requestId = platform.nextRequestId();
  const receivedAt = platform.clock.now();
  const bytes = typeof request.body === 'string' ? encoder.encode(request.body) : request.body;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    url = new URL('http://invalid.invalid/');
  }
  const headers = lowerCaseHeaders(request.headers);
  let served: Served;
  try {
    served = await serve(platform, request, url, headers, bytes, requestId);
  } catch {
    served = { response: problemAnswer(500, 'internal', 'The platform failed unexpectedly.', requestId) };
  }
  const { response } = served;
  let requestBody = '';
  try {
    requestBody = decoder.decode(bytes);
  } catch {
    requestBody = '<binary>';
  }
  const record: RecordedRequest = {
    requestId,
    method: request.method.toUpperCase(),
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    status: response.kind === 'response' ? response.status : response.kind,
    ...(served.idempotencyKey === undefined ? {} : { idempotencyKey: served.idempotencyKey }),
    replayed: served.replayed === true,
    ...(served.fault === undefined ? {} : { fault: served.fault }),
    requestBody,
    responseBody: response.kind === 'response' ? response.body : '',
    receivedAt,
  };
  platform.requests.add(record);
  return response;
}
