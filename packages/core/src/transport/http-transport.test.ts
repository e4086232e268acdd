import { createHmac } from 'node:crypto';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { rejection } from '../../test/failures';
import { isAbortError, isNetworkError, isTimeoutError } from '../errors/network-errors';
import {
  isAuthError,
  isConflictError,
  isInsufficientPointsError,
  isNotFoundError,
  isPlatformError,
  isRateLimitError,
} from '../errors/platform-error';
import { isProtocolError } from '../errors/protocol-error';
import { isConfigurationError, isValidationError } from '../errors/validation-error';
import type { Logger } from '../logging/logger';
import { createManualClock, type ManualClock } from '../time/clock';
import { createHttpTransport } from './http-transport';
import type { HttpTransportOptions } from './options';

const BASE = 'https://loyalty.test';
const ProgramLike = z.object({ id: z.string(), version: z.int() });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  at: number;
}

/** Answers each request with the next responder (the last one repeats) and records what it saw. */
function serve(method: 'get' | 'post', path: string, ...responders: (() => Response | Promise<Response>)[]): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http[method](`${BASE}${path}`, async ({ request }) => {
      seen.push({
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: await request.text(),
        at: performance.now(),
      });
      const responder = responders[Math.min(seen.length - 1, responders.length - 1)];
      if (responder === undefined) throw new Error('no responder');
      return responder();
    }),
  );
  return seen;
}

const ok = (): Response => HttpResponse.json({ id: 'prog_1', version: 3 }, { headers: { 'Request-Id': 'req_ok' } });
const status =
  (code: number, headers: Record<string, string> = {}) =>
  (): Response =>
    HttpResponse.json(
      { code: `code_${code}`, title: 'Failed', status: code },
      {
        status: code,
        headers: { 'Content-Type': 'application/problem+json', 'Request-Id': `req_${code}`, ...headers },
      },
    );

function transport(extra: Partial<HttpTransportOptions> = {}) {
  return createHttpTransport({ baseUrl: BASE, apiKey: 'll_test_transport_key_0001', random: () => 0, ...extra });
}

/**
 * A manual clock that jumps over every retry wait as soon as the transport starts it, and the waits it
 * chose (read from the warn line the transport logs before each wait).
 */
function jumpingClock(): { clock: ManualClock; waits: number[]; logger: Logger } {
  const clock = createManualClock();
  const waits: number[] = [];
  const noop = (): void => {};
  const logger: Logger = {
    debug: noop,
    info: noop,
    error: noop,
    warn: (_message, fields) => {
      const wait = fields?.waitMs;
      if (typeof wait !== 'number') return;
      waits.push(wait);
      queueMicrotask(() => clock.advance(wait));
    },
  };
  return { clock, waits, logger };
}

describe('createHttpTransport: requests', () => {
  it('sends the protocol headers on a GET and returns the validated body with its request id', async () => {
    const seen = serve('get', '/v1/program', ok);
    const result = await transport({ userAgent: 'acme-pos/4.2', headers: { 'X-Store': 'ams-01' } }).request({
      method: 'GET',
      path: '/v1/program',
      schema: ProgramLike,
      subject: 'program',
    });
    expect(result).toEqual({ data: { id: 'prog_1', version: 3 }, status: 200, requestId: 'req_ok', replayed: false });
    expect(seen).toHaveLength(1);
    const headers = seen[0]?.headers;
    expect(headers?.get('authorization')).toBe('Bearer ll_test_transport_key_0001');
    expect(headers?.get('loyalty-link-version')).toBe('1');
    expect(headers?.get('retry-count')).toBe('0');
    expect(headers?.get('user-agent')).toBe('acme-pos/4.2');
    expect(headers?.get('x-store')).toBe('ams-01');
    expect(headers?.has('idempotency-key')).toBe(false);
    expect(headers?.has('content-type')).toBe(false);
    expect(headers?.has('loyalty-link-signature')).toBe(false);
  });

  it('encodes query parameters and leaves undefined ones out', async () => {
    const seen = serve('get', '/v1/events', () => HttpResponse.json({ id: 'x', version: 1 }));
    await transport().request({
      method: 'GET',
      path: '/v1/events',
      query: { after: 'ep 1:42', customerIds: 'c1,c2', limit: 100, missing: undefined },
      schema: ProgramLike,
      subject: 'events',
    });
    const url = seen[0]?.url;
    expect(url?.searchParams.get('after')).toBe('ep 1:42');
    expect(url?.searchParams.get('customerIds')).toBe('c1,c2');
    expect(url?.searchParams.get('limit')).toBe('100');
    expect(url?.searchParams.has('missing')).toBe(false);
  });

  it('retries a 503 with the same Idempotency-Key and body, and a growing Retry-Count', async () => {
    const seen = serve('post', '/v1/holds', status(503), status(503), () =>
      HttpResponse.json({ id: 'h1', version: 1 }, { status: 201, headers: { 'Idempotent-Replayed': 'true' } }),
    );
    const result = await transport().request({
      method: 'POST',
      path: '/v1/holds',
      body: { customerId: 'c1', points: 500 },
      idempotencyKey: 'hold-key-1',
      schema: ProgramLike,
      subject: 'hold',
    });
    expect(result.status).toBe(201);
    expect(result.replayed).toBe(true);
    expect(seen.map((request) => request.headers.get('idempotency-key'))).toEqual([
      'hold-key-1',
      'hold-key-1',
      'hold-key-1',
    ]);
    expect(seen.map((request) => request.headers.get('retry-count'))).toEqual(['0', '1', '2']);
    expect(new Set(seen.map((request) => request.body))).toEqual(new Set(['{"customerId":"c1","points":500}']));
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
  });

  it('gives a POST without a key a random one, and does not retry it unless asked', async () => {
    const once = serve('post', '/v1/customers:lookup', status(503));
    const error = await rejection(
      transport().request({
        method: 'POST',
        path: '/v1/customers:lookup',
        body: {},
        schema: ProgramLike,
        subject: 'x',
      }),
    );
    expect(isPlatformError(error) && error.status).toBe(503);
    expect(once).toHaveLength(1);
    expect(once[0]?.headers.get('idempotency-key')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-/);

    server.resetHandlers();
    const retried = serve('post', '/v1/customers:lookup', status(503), ok);
    await transport().request({
      method: 'POST',
      path: '/v1/customers:lookup',
      body: {},
      retry: true,
      schema: ProgramLike,
      subject: 'customer lookup',
    });
    expect(retried).toHaveLength(2);
    const keys = retried.map((request) => request.headers.get('idempotency-key'));
    expect(keys[0]).toBe(keys[1]);
    expect(keys[0]).not.toBe(once[0]?.headers.get('idempotency-key'));
  });

  it('refuses an idempotency key that is not printable ASCII before sending anything', async () => {
    const error = await rejection(
      transport().request({
        method: 'POST',
        path: '/v1/holds',
        idempotencyKey: 'has space',
        schema: ProgramLike,
        subject: 'hold',
      }),
    );
    expect(isValidationError(error)).toBe(true);
  });
});

describe('createHttpTransport: retries and waits', () => {
  it.each([429, 503])('honours Retry-After: 1 on a %i', async (code) => {
    const { clock, waits, logger } = jumpingClock();
    const seen = serve('get', '/v1/program', status(code, { 'Retry-After': '1' }), ok);
    const started = clock.now();
    const result = await transport({ clock, logger, random: () => 0.5 }).request({
      method: 'GET',
      path: '/v1/program',
      schema: ProgramLike,
      subject: 'program',
    });
    expect(result.data.id).toBe('prog_1');
    expect(waits).toEqual([1000]);
    expect(clock.now() - started).toBe(1000);
    expect(seen).toHaveLength(2);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const { clock, waits, logger } = jumpingClock();
    serve('get', '/v1/program', () => status(503, { 'Retry-After': new Date(clock.now() + 3000).toUTCString() })(), ok);
    await transport({ clock, logger }).request({
      method: 'GET',
      path: '/v1/program',
      schema: ProgramLike,
      subject: 'program',
    });
    expect(waits).toEqual([3000]);
  });

  it('clamps a huge Retry-After to maxRetryAfterMs', async () => {
    const { clock, waits, logger } = jumpingClock();
    serve('get', '/v1/program', status(429, { 'Retry-After': '86400' }), ok);
    await transport({ clock, logger, maxRetryAfterMs: 2_000, deadlineMs: 120_000 }).request({
      method: 'GET',
      path: '/v1/program',
      schema: ProgramLike,
      subject: 'program',
    });
    expect(waits).toEqual([2_000]);
  });

  it('uses full-jitter backoff when there is no Retry-After', async () => {
    const { clock, waits, logger } = jumpingClock();
    serve('get', '/v1/program', status(500), status(502), status(504), ok);
    await transport({ clock, logger, random: () => 0.5, retryBaseMs: 100 }).request({
      method: 'GET',
      path: '/v1/program',
      schema: ProgramLike,
      subject: 'program',
    });
    expect(waits).toEqual([50, 100, 200]);
  });

  it('does not spend maxRetries on 429 waits, but bounds them by maxRateLimitWaits', async () => {
    const { clock, logger } = jumpingClock();
    const seen = serve(
      'get',
      '/v1/program',
      status(429, { 'Retry-After': '1' }),
      status(429, { 'Retry-After': '1' }),
      status(429, { 'Retry-After': '1' }),
      status(503),
      ok,
    );
    const result = await transport({ clock, logger, maxRetries: 1 }).request({
      method: 'GET',
      path: '/v1/program',
      schema: ProgramLike,
      subject: 'program',
    });
    expect(result.status).toBe(200);
    expect(seen).toHaveLength(5);

    server.resetHandlers();
    const limited = serve('get', '/v1/program', status(429, { 'Retry-After': '1' }));
    const error = await rejection(
      transport({ clock, logger, maxRetries: 1, maxRateLimitWaits: 2 }).request({
        method: 'GET',
        path: '/v1/program',
        schema: ProgramLike,
        subject: 'program',
      }),
    );
    expect(isRateLimitError(error) && error.retryAfterMs).toBe(1000);
    expect(limited).toHaveLength(3);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    const seen = serve('get', '/v1/program', status(503));
    const error = await rejection(
      transport({ maxRetries: 2 }).request({ method: 'GET', path: '/v1/program', schema: ProgramLike, subject: 'p' }),
    );
    expect(isPlatformError(error) && error.status).toBe(503);
    expect(seen).toHaveLength(3);
  });

  it.each([400, 401, 404, 409, 422, 501])('never retries a %i', async (code) => {
    const seen = serve('get', '/v1/program', status(code), ok);
    const error = await rejection(
      transport().request({ method: 'GET', path: '/v1/program', schema: ProgramLike, subject: 'program' }),
    );
    expect(isPlatformError(error) && error.status).toBe(code);
    expect(seen).toHaveLength(1);
  });

  it('follows Loyalty-Link-Should-Retry either way', async () => {
    const { clock, waits, logger } = jumpingClock();
    const inProgress = serve(
      'post',
      '/v1/holds',
      status(409, { 'Retry-After': '1', 'Loyalty-Link-Should-Retry': 'true' }),
      ok,
    );
    await transport({ clock, logger }).request({
      method: 'POST',
      path: '/v1/holds',
      idempotencyKey: 'k-1',
      schema: ProgramLike,
      subject: 'hold',
    });
    expect(inProgress).toHaveLength(2);
    expect(waits).toEqual([1000]);

    server.resetHandlers();
    const refused = serve('get', '/v1/program', status(503, { 'Loyalty-Link-Should-Retry': 'false' }), ok);
    const error = await rejection(
      transport().request({ method: 'GET', path: '/v1/program', schema: ProgramLike, subject: 'program' }),
    );
    expect(isPlatformError(error) && error.status).toBe(503);
    expect(refused).toHaveLength(1);
  });

  it('retries a network error, then throws a NetworkError', async () => {
    const seen = serve('get', '/v1/program', () => HttpResponse.error());
    const error = await rejection(
      transport({ maxRetries: 2 }).request({ method: 'GET', path: '/v1/program', schema: ProgramLike, subject: 'p' }),
    );
    expect(isNetworkError(error)).toBe(true);
    expect(seen).toHaveLength(3);
  });

  it('recovers from a network error on the next attempt', async () => {
    const seen = serve('get', '/v1/program', () => HttpResponse.error(), ok);
    const result = await transport().request({ method: 'GET', path: '/v1/program', schema: ProgramLike, subject: 'p' });
    expect(result.data.version).toBe(3);
    expect(seen).toHaveLength(2);
  });
});

describe('createHttpTransport: time budgets and aborts', () => {
  it('times an attempt out with TimeoutError code timeout', async () => {
    const seen = serve('get', '/v1/program', async () => {
      await delay(1_000);
      return ok();
    });
    const started = performance.now();
    const error = await rejection(
      transport({ attemptTimeoutMs: 50, maxRetries: 1 }).request({
        method: 'GET',
        path: '/v1/program',
        schema: ProgramLike,
        subject: 'program',
      }),
    );
    expect(isTimeoutError(error) && error.code).toBe('timeout');
    expect(isTimeoutError(error) && error.timeoutMs).toBe(50);
    expect(seen).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('gives up at the deadline without starting a wait that would end after it', async () => {
    const seen = serve('get', '/v1/program', status(503));
    const started = performance.now();
    // Waits of 100, 200, 400, 800 ms (random = 1): 1.5 s in all, against a 300 ms deadline.
    const error = await rejection(
      transport({ deadlineMs: 300, retryBaseMs: 100, random: () => 0.999_999 }).request({
        method: 'GET',
        path: '/v1/program',
        schema: ProgramLike,
        subject: 'program',
      }),
    );
    const elapsed = performance.now() - started;
    expect(isTimeoutError(error) && error.code).toBe('deadline_exceeded');
    expect(isTimeoutError(error) && isPlatformError(error.cause) && error.cause.status).toBe(503);
    expect(seen).toHaveLength(2);
    expect(elapsed).toBeLessThan(600);
  });

  it('cuts the last attempt short at the deadline', async () => {
    const seen = serve('get', '/v1/program', async () => {
      await delay(200);
      return status(503)();
    });
    const started = performance.now();
    const error = await rejection(
      transport({ deadlineMs: 300 }).request({ method: 'GET', path: '/v1/program', schema: ProgramLike, subject: 'p' }),
    );
    const elapsed = performance.now() - started;
    expect(isTimeoutError(error) && error.code).toBe('deadline_exceeded');
    expect(isTimeoutError(error) && isTimeoutError(error.cause) && error.cause.code).toBe('timeout');
    expect(seen).toHaveLength(2);
    // The second attempt got only what was left of the 300 ms, not a full attempt budget of 5 s.
    const cut = isTimeoutError(error) && isTimeoutError(error.cause) ? error.cause.timeoutMs : Number.NaN;
    expect(cut).toBeLessThanOrEqual(100);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('lets a call override the deadline and the attempt timeout', async () => {
    serve('get', '/v1/program', async () => {
      await delay(1_000);
      return ok();
    });
    const error = await rejection(
      transport().request({
        method: 'GET',
        path: '/v1/program',
        schema: ProgramLike,
        subject: 'program',
        deadlineMs: 1_000,
        attemptTimeoutMs: 30,
        retry: false,
      }),
    );
    expect(isTimeoutError(error) && error.code).toBe('timeout');
  });

  it('aborts during a wait with an AbortError carrying the reason', async () => {
    const seen = serve('get', '/v1/program', status(503, { 'Retry-After': '10' }));
    const controller = new AbortController();
    const started = performance.now();
    const call = transport({ deadlineMs: 60_000 }).request({
      method: 'GET',
      path: '/v1/program',
      schema: ProgramLike,
      subject: 'program',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('cashier cancelled')), 100);
    const error = await rejection(call);
    expect(isAbortError(error)).toBe(true);
    expect(isAbortError(error) && (error.cause as Error).message).toBe('cashier cancelled');
    expect(seen).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('aborts during an attempt, and before starting when the signal is already aborted', async () => {
    const seen = serve('get', '/v1/program', async () => {
      await delay(2_000);
      return ok();
    });
    const controller = new AbortController();
    const call = transport().request({
      method: 'GET',
      path: '/v1/program',
      schema: ProgramLike,
      subject: 'program',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort('gone'), 50);
    const error = await rejection(call);
    expect(isAbortError(error) && error.cause).toBe('gone');

    const early = await rejection(
      transport().request({
        method: 'GET',
        path: '/v1/program',
        schema: ProgramLike,
        subject: 'program',
        signal: AbortSignal.abort('before'),
      }),
    );
    expect(isAbortError(early) && early.cause).toBe('before');
    expect(seen).toHaveLength(1);
  });
});

describe('createHttpTransport: an abort while signing', () => {
  it('sends nothing when the signal aborts while the body is being signed', async () => {
    const seen = serve('post', '/v1/holds', ok);
    const controller = new AbortController();
    const call = transport({ signingSecret: 'whsec_test_signing_secret' }).request({
      method: 'POST',
      path: '/v1/holds',
      body: { points: 1 },
      idempotencyKey: 'k-abort',
      schema: ProgramLike,
      subject: 'hold',
      signal: controller.signal,
    });
    controller.abort('cancelled');
    const error = await rejection(call);
    expect(isAbortError(error) && error.cause).toBe('cancelled');
    expect(seen).toHaveLength(0);
  });
});

describe('createHttpTransport: errors and responses', () => {
  const problem = (code: number, body: Record<string, unknown>) => () =>
    HttpResponse.json(body, {
      status: code,
      headers: { 'Content-Type': 'application/problem+json', 'Request-Id': 'req_problem' },
    });

  it('maps problem documents to the error classes, with code, status and request id', async () => {
    const cases = [
      { status: 422, code: 'insufficient_points', guard: isInsufficientPointsError },
      { status: 404, code: 'customer_not_found', guard: isNotFoundError },
      { status: 401, code: 'unauthorized', guard: isAuthError },
      { status: 409, code: 'idempotency_conflict', guard: isConflictError },
    ];
    for (const expected of cases) {
      server.resetHandlers();
      serve(
        'get',
        '/v1/program',
        problem(expected.status, { code: expected.code, title: 'No', status: expected.status }),
      );
      const error = await rejection(
        transport().request({ method: 'GET', path: '/v1/program', schema: ProgramLike, subject: 'program' }),
      );
      expect(expected.guard(error)).toBe(true);
      expect(error).toMatchObject({ code: expected.code, status: expected.status, requestId: 'req_problem' });
    }
  });

  it('makes a problem up from the status when the body is not one', async () => {
    serve(
      'get',
      '/v1/program',
      () => new HttpResponse('<html>Bad gateway</html>', { status: 400, statusText: 'Nope' }),
    );
    const error = await rejection(
      transport().request({ method: 'GET', path: '/v1/program', schema: ProgramLike, subject: 'program' }),
    );
    expect(error).toMatchObject({ code: 'http_400', status: 400, problem: { code: 'http_400', title: 'Nope' } });
  });

  it('reads the request id from X-Request-Id when Request-Id is missing', async () => {
    serve('get', '/v1/program', () =>
      HttpResponse.json({ id: 'p', version: 1 }, { headers: { 'X-Request-Id': 'xr' } }),
    );
    const result = await transport().request({ method: 'GET', path: '/v1/program', schema: ProgramLike, subject: 'p' });
    expect(result.requestId).toBe('xr');
  });

  it('throws a ProtocolError listing the paths of a 200 that breaks its schema', async () => {
    serve('get', '/v1/program', () =>
      HttpResponse.json({ id: 42, version: 'three' }, { headers: { 'Request-Id': 'req_bad' } }),
    );
    const error = await rejection(
      transport().request({ method: 'GET', path: '/v1/program', schema: ProgramLike, subject: 'program' }),
    );
    expect(isProtocolError(error)).toBe(true);
    expect(isProtocolError(error) && error.issues.map((issue) => issue.path)).toEqual([['id'], ['version']]);
    expect(isProtocolError(error) && error.requestId).toBe('req_bad');
    expect(isProtocolError(error) && error.message).toContain('program response');
  });

  it('throws a ProtocolError for a 200 that is not JSON', async () => {
    serve('get', '/v1/program', () => HttpResponse.text('<html>captive portal</html>', { status: 200 }));
    const error = await rejection(
      transport().request({ method: 'GET', path: '/v1/program', schema: ProgramLike, subject: 'program' }),
    );
    expect(isProtocolError(error) && error.issues[0]?.code).toBe('invalid_json');
  });

  it('accepts a 204 when the schema accepts undefined', async () => {
    serve('post', '/v1/holds/h1:release', () => new HttpResponse(null, { status: 204 }));
    const result = await transport().request({
      method: 'POST',
      path: '/v1/holds/h1:release',
      schema: z.undefined(),
      subject: 'release',
    });
    expect(result).toMatchObject({ status: 204, data: undefined });
  });
});

describe('createHttpTransport: configuration', () => {
  it('refuses plain http to a remote host with ConfigurationError insecure_url', () => {
    let error: unknown;
    try {
      createHttpTransport({ baseUrl: 'http://loyalty.example.com', apiKey: 'll_test_abcdefgh' });
    } catch (caught) {
      error = caught;
    }
    expect(isConfigurationError(error) && error.code).toBe('insecure_url');
  });

  it.each([
    'http://127.0.0.1:8080',
    'http://127.1.2.3',
    'http://localhost:3000/',
    'http://[::1]:4000',
    'https://loyalty.example.com/base/',
  ])('accepts %s', (baseUrl) => {
    expect(createHttpTransport({ baseUrl, apiKey: 'll_test_abcdefgh' }).baseUrl).not.toMatch(/\/$/);
  });

  it('accepts plain http to a remote host with allowInsecureHttp', () => {
    const created = createHttpTransport({
      baseUrl: 'http://pos-sim.lan:8080',
      apiKey: 'll_test_abcdefgh',
      allowInsecureHttp: true,
    });
    expect(created.baseUrl).toBe('http://pos-sim.lan:8080');
  });

  it.each<[string, Partial<HttpTransportOptions>]>([
    ['invalid_url', { baseUrl: 'not a url' }],
    ['invalid_url', { baseUrl: 'ftp://loyalty.example.com' }],
    ['invalid_url', { baseUrl: 'https://user:pw@loyalty.example.com' }],
    ['missing_api_key', { apiKey: '' }],
    ['invalid_api_key', { apiKey: 'has space' }],
    ['invalid_option', { deadlineMs: 0 }],
    ['invalid_option', { maxRetries: 1.5 }],
    ['invalid_option', { headers: { Authorization: 'Bearer other' } }],
  ])('throws ConfigurationError %s for %j', (code, extra) => {
    let error: unknown;
    try {
      createHttpTransport({ baseUrl: BASE, apiKey: 'll_test_abcdefgh', ...extra });
    } catch (caught) {
      error = caught;
    }
    expect(isConfigurationError(error) && error.code).toBe(code);
  });
});

describe('createHttpTransport: body signatures', () => {
  it('signs every attempt of a body with a fresh HMAC that the platform can verify', async () => {
    const secret = 'whsec_test_signing_secret';
    const seen = serve('post', '/v1/transactions:batch', status(500), ok);
    await transport({ signingSecret: secret }).request({
      method: 'POST',
      path: '/v1/transactions:batch',
      body: { items: [{ idempotencyKey: 'k', note: 'ünïcode' }] },
      idempotencyKey: 'batch-1',
      schema: ProgramLike,
      subject: 'transaction batch',
    });
    expect(seen).toHaveLength(2);
    for (const request of seen) {
      const header = request.headers.get('loyalty-link-signature') ?? '';
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
      expect(match).not.toBeNull();
      const t = match?.[1] ?? '';
      expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
      const expected = createHmac('sha256', secret).update(`${t}.${request.body}`).digest('hex');
      expect(match?.[2]).toBe(expected);
    }
  });

  it('does not sign a request without a body', async () => {
    const seen = serve('get', '/v1/program', ok);
    await transport({ signingSecret: 'whsec_test_signing_secret' }).request({
      method: 'GET',
      path: '/v1/program',
      schema: ProgramLike,
      subject: 'program',
    });
    expect(seen[0]?.headers.has('loyalty-link-signature')).toBe(false);
  });
});
