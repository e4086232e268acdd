import { paths } from '@loyalty-link/core';
import { type CheckContext, type ConformanceCheck, createCheckContext } from './check-context';
import { level0Checks } from './checks-level0';
import { level1Checks } from './checks-level1';
import { helloTimeoutCheck, level2Checks } from './checks-level2';
import {
  type ConformanceOptions,
  type ConformanceReport,
  type ConformanceResult,
  conformanceDefaults,
} from './conformance-types';
import { createHttpProbe } from './http-probe';
import type { WebSocketLikeConstructor } from './websocket-like';

const fixtureDefaults = { currency: 'EUR', saleAmount: 2_000 };

/** The live endpoint next to an HTTP base URL: `https://x/y` → `wss://x/y/v1/live`. */
function liveUrlOf(baseUrl: string): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${paths.live}`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

function newRunId(): string {
  // Unique enough to keep two runs' transactions and keys apart; not a secret.
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 6).toString(36)}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function runOne(check: ConformanceCheck, context: CheckContext, budgetMs: number): Promise<ConformanceResult> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${budgetMs} ms`)), budgetMs);
  });
  try {
    await Promise.race([check.run(context), timeout]);
    return { name: check.name, level: check.level, ok: true, durationMs: performance.now() - started };
  } catch (error) {
    return {
      name: check.name,
      level: check.level,
      ok: false,
      message: messageOf(error),
      durationMs: performance.now() - started,
    };
  } finally {
    clearTimeout(timer);
    context.closeAll();
  }
}

/**
 * Checks a server against the Loyalty Link protocol (`docs/protocol.md`), with nothing but `fetch` and a
 * WebSocket: no SDK, no test framework, so it runs in Node and in browsers, against the reference platform
 * or a gateway in front of a proprietary one.
 *
 * The checks run one after another, each independent of the others: transaction ids and idempotency keys
 * are unique to the run, and the checks that change the fixture customer's balance undo what they did
 * (sales are returned, holds released; an explicit hold commit spends 5 points per run).
 *
 * @example
 * ```ts
 * const report = await runConformance({
 *   baseUrl: 'https://loyalty.example.com',
 *   apiKey: process.env.LOYALTY_API_KEY ?? '',
 *   WebSocket, // from 'ws' in Node 20
 *   fixtures: { customer: { loyaltyId: 'cus_42', phone: '+31600000001', email: 'a@example.com', card: 'CARD-0001' }, storeId: 'ams-01', registerId: 'reg-1' },
 * });
 * ```
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const config = { ...conformanceDefaults, ...options };
  const fixtures = { ...fixtureDefaults, ...options.fixtures };
  const runId = newRunId();
  const fetchFunction = options.fetch ?? globalThis.fetch.bind(globalThis);
  const WebSocket: WebSocketLikeConstructor | undefined =
    options.WebSocket ?? (typeof globalThis.WebSocket === 'function' ? globalThis.WebSocket : undefined);
  const http = createHttpProbe({ baseUrl: options.baseUrl, apiKey: options.apiKey, fetch: fetchFunction, runId });
  const context = createCheckContext({
    http,
    fixtures,
    apiKey: options.apiKey,
    wsUrl: options.wsUrl ?? liveUrlOf(options.baseUrl),
    WebSocket,
    timeoutMs: config.timeoutMs,
    helloTimeoutMs: config.helloTimeoutMs,
    runId,
  });

  const checks = [
    ...level0Checks,
    ...level1Checks,
    ...level2Checks,
    ...(config.checkHelloTimeout ? [helloTimeoutCheck] : []),
  ]
    .filter((check) => config.levels.includes(check.level))
    .filter((check) => options.only === undefined || options.only.some((part) => check.name.includes(part)));

  const results: ConformanceResult[] = [];
  for (const check of checks) {
    const budgetMs = config.timeoutMs + (check.waitsForHelloTimeout === true ? config.helloTimeoutMs : 0);
    results.push(await runOne(check, context, budgetMs));
  }
  const passed = results.filter((result) => result.ok).length;
  return { passed, failed: results.length - passed, results };
}
