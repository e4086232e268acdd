import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { paths, seededRandom, systemClock } from '@loyalty-link/core';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import type { ConformanceOptions } from '../src/conformance/conformance-types';
import { runConformance } from '../src/conformance/run-conformance';
import { createEventLog } from '../src/engine/event-log';
import { createLiveContext } from '../src/live/create-live-context';
import type { LiveContext } from '../src/live/live-context';
import { createLiveLinkHandler } from '../src/live/msw-live';
import { attachLiveServer } from '../src/live/ws-server';

const API_KEY = 'key_conformance_live';
/** The level 2 checks that need only the live link (the others need the HTTP API too). */
const liveOnly = [
  'hello gets',
  'wrong token',
  'before hello',
  'not JSON',
  'ping is',
  'more than 100',
  'larger than',
  'without hello',
];

function liveContext(authenticate: (token: string) => boolean = (token) => token === API_KEY): LiveContext {
  // Real time: the conformance suite waits in real time, as it would against a remote server.
  const random = seededRandom(9);
  return createLiveContext({
    events: createEventLog({ clock: systemClock, random }),
    clock: systemClock,
    random,
    authenticate,
    helloTimeoutMs: 300,
  });
}

function options(wsUrl: string, WebSocket: ConformanceOptions['WebSocket']): ConformanceOptions {
  return {
    baseUrl: 'http://platform.test',
    apiKey: API_KEY,
    wsUrl,
    ...(WebSocket === undefined ? {} : { WebSocket }),
    fixtures: {
      customer: { loyaltyId: 'cus_x', phone: '+31600000001', email: 'x@example.com', card: 'CARD-0001' },
      storeId: 'ams-01',
      registerId: 'reg-1',
    },
    levels: [2],
    only: liveOnly,
    checkHelloTimeout: true,
    helloTimeoutMs: 300,
    timeoutMs: 2_000,
  };
}

describe('runConformance against the live layer alone', () => {
  const server = setupServer();
  beforeAll(() => server.listen());
  afterAll(() => server.close());

  it('passes every live-link check over MSW', async () => {
    const url = `ws://conformance.test${paths.live}`;
    server.use(createLiveLinkHandler(liveContext(), url));
    const report = await runConformance(options(url, undefined));
    expect(report.results.filter((result) => !result.ok)).toEqual([]);
    expect(report.passed).toBe(liveOnly.length);
    server.resetHandlers();
  });

  it('reports a server that accepts any token', async () => {
    const url = `ws://lenient.test${paths.live}`;
    server.use(
      createLiveLinkHandler(
        liveContext(() => true),
        url,
      ),
    );
    const report = await runConformance({ ...options(url, undefined), only: ['wrong token'] });
    expect(report).toMatchObject({ passed: 0, failed: 1 });
    expect(report.results[0]?.message).toMatch(/timed out|close code|welcome/);
    server.resetHandlers();
  });
});

describe('runConformance against the ws server', () => {
  it('passes every live-link check over real sockets', async () => {
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const live = attachLiveServer(http, liveContext());
    const { port } = http.address() as AddressInfo;
    try {
      const report = await runConformance(options(`ws://127.0.0.1:${port}${paths.live}`, NodeWebSocket));
      expect(report.results.filter((result) => !result.ok)).toEqual([]);
      expect(report.passed).toBe(liveOnly.length);
    } finally {
      await live.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });
});
