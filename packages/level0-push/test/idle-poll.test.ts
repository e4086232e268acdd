// An idle client looks at its store every max(1 s, leaseTtlMs / 3) (options.ts, `leaseTtlMs`), however short
// the other waits it is configured with.
import { createManualClock } from '@loyalty-link/core';
import { createMockPlatform } from '@loyalty-link/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPushClient, memoryOutbox } from '../src/index';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the idle look at the store', () => {
  it('happens at most once a second when the lease and retry caps are short (fast fail-over settings)', async () => {
    const on = createMockPlatform();
    server.use(...on.handlers);
    const clock = createManualClock();
    const client = createPushClient({
      platform: { baseUrl: on.baseUrl, apiKey: on.apiKey },
      storeId: 'ams-01',
      registerId: 'reg-1',
      outbox: memoryOutbox(),
      // A register vendor's fast fail-over: a lease of 600 ms, short retry caps.
      leaseTtlMs: 600,
      retry: { baseMs: 10, maxMs: 500, maxRetryAfterMs: 500 },
      clock,
    });
    try {
      // The first cycle: nothing to send, the client goes idle and sets its look at the store.
      clock.advance(0);
      for (let i = 0; i < 5; i++) await settle();

      // 50 ms of clock time, a millisecond at a time: a look every second means none of them fires.
      let looks = 0;
      for (let ms = 0; ms < 50; ms++) {
        const before = clock.pending();
        clock.advance(1);
        if (before > 0 && clock.pending() === 0) looks += 1;
        for (let i = 0; i < 3; i++) await settle();
      }
      expect(looks).toBe(0);
    } finally {
      await client.closeAndFlush({ timeoutMs: 0 });
      on.close();
    }
  });
});
