import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import type { ConformanceFixtures, ConformanceReport } from '../src/conformance/conformance-types';
import { runConformance } from '../src/conformance/run-conformance';
import { createMockPlatform } from '../src/mock-platform';
import { knownCustomers } from '../src/seed/known-customers';
import { startSimulator } from '../src/simulator/start-simulator';

const { customer } = knownCustomers.conformance;
const fixtures: ConformanceFixtures = {
  customer: {
    loyaltyId: customer.id,
    phone: customer.phone,
    email: customer.email,
    card: customer.cardCodes[0] ?? '',
  },
  storeId: 'ams-01',
  registerId: 'conformance-1',
};
const HELLO_TIMEOUT_MS = 300;

function failures(report: ConformanceReport) {
  return report.results.filter((result) => !result.ok).map(({ name, message }) => ({ name, message }));
}

describe('runConformance against createMockPlatform (MSW)', () => {
  // A real clock: the suite waits in real time, as against any server; a short hello timeout keeps it quick.
  const platform = createMockPlatform({ helloTimeoutMs: HELLO_TIMEOUT_MS });
  const server = setupServer(...platform.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => {
    server.close();
    platform.close();
  });

  async function available(): Promise<number> {
    const response = await fetch(`${platform.baseUrl}/v1/customers/${customer.id}/balance`, {
      headers: { Authorization: `Bearer ${platform.apiKey}` },
    });
    return ((await response.json()) as { points: { available: number } }).points.available;
  }

  it('passes every check of every level, and leaves the fixture customer as it found it but 5 points', async () => {
    const before = await available();
    const report = await runConformance({
      baseUrl: platform.baseUrl,
      apiKey: platform.apiKey,
      wsUrl: platform.wsUrl,
      fixtures,
      checkHelloTimeout: true,
      helloTimeoutMs: HELLO_TIMEOUT_MS,
      timeoutMs: 5_000,
    });
    expect(failures(report)).toEqual([]);
    expect(report.passed).toBe(report.results.length);
    expect(new Set(report.results.map((result) => result.level))).toEqual(new Set([0, 1, 2]));
    expect(await available()).toBe(before - 5);
  });

  it('reports what a server gets wrong, check by check', async () => {
    // The same platform, seen through a fetch that breaks three promises of the protocol.
    const tampering: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = String(input);
      const headers = new Headers(response.headers);
      headers.delete('Idempotent-Replayed');
      let body = await response.text();
      let status = response.status;
      if (status === 413) status = 400;
      if (url.endsWith('/balance')) body = body.replace(/"version":\d+/, '"version":1');
      return new Response(body, { status, headers });
    };
    const report = await runConformance({
      baseUrl: platform.baseUrl,
      apiKey: platform.apiKey,
      wsUrl: platform.wsUrl,
      fetch: tampering,
      fixtures,
      levels: [0, 1],
      timeoutMs: 5_000,
    });
    expect(failures(report).map((failure) => failure.name)).toEqual([
      'the same key and body replay the stored response byte for byte, with Idempotent-Replayed: true',
      'a body over 1 MiB gets 413 payload_too_large',
      'the balance has its shape, and its version increases after a sale',
    ]);
    expect(failures(report).map((failure) => failure.message)).toEqual([
      'the replay\'s Idempotent-Replayed: expected "true", got null',
      'an oversized body: expected HTTP 413, got 400 (payload_too_large)',
      'the balance version went from 1 to 1',
    ]);
  });
});

describe('runConformance against startSimulator (real sockets)', () => {
  it('passes every check of every level', async () => {
    const simulator = await startSimulator({ helloTimeoutMs: HELLO_TIMEOUT_MS });
    try {
      const report = await runConformance({
        baseUrl: simulator.url,
        apiKey: simulator.apiKey,
        WebSocket: NodeWebSocket,
        fixtures,
        checkHelloTimeout: true,
        helloTimeoutMs: HELLO_TIMEOUT_MS,
        timeoutMs: 5_000,
      });
      expect(failures(report)).toEqual([]);
      expect(report.passed).toBe(report.results.length);
    } finally {
      await simulator.close();
    }
  });
});
