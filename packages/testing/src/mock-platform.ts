import { type Clock, type EventFrame, paths } from '@loyalty-link/core';
import { type HttpHandler, HttpResponse, http, type WebSocketHandler } from 'msw';
import type { Engine } from './engine/engine';
import { createPlatform, type Platform, type PlatformInspector } from './engine/platform';
import { type PlatformOptions, platformDefaults } from './engine/platform-options';
import type { CashierMessageInput } from './engine/presence';
import type { FaultController } from './faults/fault-controller';
import { handleRequest } from './http/handle-request';
import { createLiveLinkHandler } from './live/msw-live';

/** Options of {@link createMockPlatform}: the platform's options and where it pretends to live. */
export interface MockPlatformOptions extends PlatformOptions {
  /**
   * The base URL the handlers answer on, as the client is given it. It may carry a path prefix (a platform
   * behind a gateway, e.g. `https://gateway.test/loyalty`): requests to `<baseUrl>/v1/…` are served as
   * `/v1/…`. `wsUrl` is derived from it (`https` → `wss`, then the same prefix and `/v1/live`).
   * @default 'https://platform.loyalty.test'
   */
  baseUrl?: string;
}

/** Defaults of {@link MockPlatformOptions}. */
export const mockPlatformDefaults = {
  ...platformDefaults,
  baseUrl: 'https://platform.loyalty.test',
} as const;

/** A reference platform served through MSW handlers, for tests in Node (`setupServer`) and browsers (`setupWorker`). */
export interface MockPlatform {
  /** The base URL to give the client, e.g. `https://platform.loyalty.test` (without a trailing slash). */
  readonly baseUrl: string;
  /**
   * The live link's URL, e.g. `wss://platform.loyalty.test/v1/live`, or `wss://gateway.test/loyalty/v1/live`
   * for a base URL with a path prefix.
   */
  readonly wsUrl: string;
  /** The API key the platform accepts. */
  readonly apiKey: string;
  /** MSW handlers: every `/v1/*` HTTP endpoint, and the live link WebSocket. */
  readonly handlers: (HttpHandler | WebSocketHandler)[];
  /** Read-only views of the platform's state. */
  readonly inspect: PlatformInspector;
  /** Fault injection. */
  readonly faults: FaultController;
  /** The platform's clock (pass a manual clock in the options to drive expiry by hand). */
  readonly clock: Clock;
  /** The domain engine, for advanced tests (add customers, adjust points, change a status). */
  readonly engine: Engine;
  /** The transport-neutral platform behind the handlers. */
  readonly platform: Platform;
  /** Sends a `cashier.message` to a register, a store or everyone. */
  sendCashierMessage(input: CashierMessageInput): EventFrame;
  /**
   * Stops the platform's timers and closes every live connection with `1001`, also one that has not sent
   * `hello` yet; connections opened later are closed at once. A stalled request, or one waiting on injected
   * latency, fails as a network error (`fetch` rejects). Call it in `afterEach`/`afterAll` so that nothing
   * of the platform keeps the test process alive.
   */
  close(): void;
}

function headersOf(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/**
 * Never settles until the client gives up or the platform closes; then answers with a network error (read
 * only in the second case).
 */
function stallUntilAbortedOrClosed(signal: AbortSignal, platform: Platform): Promise<Response> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(HttpResponse.error());
      return;
    }
    const end = (): void => {
      forget();
      signal.removeEventListener('abort', end);
      resolve(HttpResponse.error());
    };
    const forget = platform.onClose(end);
    signal.addEventListener('abort', end, { once: true });
  });
}

/**
 * The base URL's path without a trailing slash (`''` for none), encoded as it appears in request URLs. A
 * relative base URL (MSW resolves those against the page in a browser) is its own path.
 */
function basePathOf(baseUrl: string): string {
  return new URL(baseUrl, 'http://relative.invalid').pathname.replace(/\/+$/, '');
}

/**
 * Creates a stateful reference platform behind MSW handlers. The handlers speak protocol v1 exactly as the
 * simulator does (they share `handleRequest` and the engine): an injected network error becomes
 * `HttpResponse.error()`, and a stall a response that never comes until the request is aborted (or the
 * platform closes).
 * Browser-safe: no Node-only imports.
 *
 * @example
 * ```ts
 * import { createManualClock } from '@loyalty-link/core';
 * import { createPushClient, memoryOutbox } from '@loyalty-link/level0-push';
 * import { createMockPlatform } from '@loyalty-link/testing';
 * import { setupServer } from 'msw/node';
 *
 * const platform = createMockPlatform({ clock: createManualClock() });
 * const server = setupServer(...platform.handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * const client = createPushClient({
 *   platform: { baseUrl: platform.baseUrl, apiKey: platform.apiKey },
 *   storeId: 'ams-01',
 *   registerId: 'reg-2',
 *   outbox: memoryOutbox(),
 * });
 * platform.faults.failNext({ count: 1, as: 503 }); // the first request gets 503; the client retries
 * await client.record(sale);
 * await client.flush();
 * expect(platform.inspect.transactions()).toHaveLength(1);
 * await client.closeAndFlush();
 * server.close();
 * platform.close();
 * ```
 */
export function createMockPlatform(options: MockPlatformOptions = {}): MockPlatform {
  const baseUrl = (options.baseUrl ?? mockPlatformDefaults.baseUrl).replace(/\/+$/, '');
  const basePath = basePathOf(baseUrl);
  // From the base URL as given, so that the live link sits under the same host and prefix as the API.
  const wsUrl = `${baseUrl.replace(/^http/i, 'ws')}${paths.live}`;
  const platform = createPlatform(options);

  const httpHandler = http.all(`${baseUrl}/v1/*`, async ({ request }) => {
    const body = new Uint8Array(await request.arrayBuffer());
    // The platform routes on `/v1/…`: a gateway's prefix is the base URL's, not the protocol's.
    const url = new URL(request.url);
    const path = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
    const response = await handleRequest(platform, {
      method: request.method,
      url: `${url.origin}${path}${url.search}`,
      headers: headersOf(request),
      body,
    });
    switch (response.kind) {
      case 'network_error':
        return HttpResponse.error();
      case 'stall':
        return stallUntilAbortedOrClosed(request.signal, platform);
      case 'response':
        return new HttpResponse(response.body, { status: response.status, headers: response.headers });
    }
  });

  return {
    baseUrl,
    wsUrl,
    apiKey: platform.apiKey,
    handlers: [httpHandler, createLiveLinkHandler(platform.live, wsUrl)],
    inspect: platform.inspect,
    faults: platform.faults,
    clock: platform.clock,
    engine: platform.engine,
    platform,
    sendCashierMessage: (input) => platform.sendCashierMessage(input),
    close: () => platform.close(),
  };
}
