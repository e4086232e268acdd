import { createManualClock, type ManualClock } from '@loyalty-link/core';
import { setupServer } from 'msw/node';
import type { Platform } from '../../src/engine/platform';
import type { PlatformOptions } from '../../src/engine/platform-options';
import { createMockPlatform, type MockPlatform } from '../../src/mock-platform';
import { startSimulator } from '../../src/simulator/start-simulator';

/** A platform reachable over one transport, with the handles a test needs. */
export interface Harness {
  /** `msw` or `simulator`. */
  transport: string;
  baseUrl: string;
  wsUrl: string;
  apiKey: string;
  fetch: typeof fetch;
  platform: Platform;
  clock: ManualClock;
  close(): Promise<void>;
}

/** Wednesday 11 March 2026, 09:00 in Amsterdam: a weekday, so the weekend promotion is closed. */
export const START_MS = Date.parse('2026-03-11T08:00:00Z');

const fetchThroughGlobal: typeof fetch = (input, init) => globalThis.fetch(input, init);

// One MSW server per test file, shared by every MSW harness alive at once (each on its own base URL), so
// harnesses can be created per test without two servers fighting over the global fetch.
const server = setupServer();
const active = new Set<MockPlatform>();
let listening = false;
let counter = 0;

function refreshHandlers(): void {
  server.resetHandlers(...[...active].flatMap((platform) => platform.handlers));
}

async function mswHarness(options: PlatformOptions = {}): Promise<Harness> {
  const clock = createManualClock(START_MS);
  counter += 1;
  const mock = createMockPlatform({ clock, baseUrl: `https://platform-${counter}.loyalty.test`, ...options });
  active.add(mock);
  refreshHandlers();
  if (!listening) {
    // Requests to the simulator on 127.0.0.1 pass through untouched.
    server.listen({ onUnhandledRequest: 'bypass' });
    listening = true;
  }
  return {
    transport: 'msw',
    baseUrl: mock.baseUrl,
    wsUrl: mock.wsUrl,
    apiKey: mock.apiKey,
    fetch: fetchThroughGlobal,
    platform: mock.platform,
    clock,
    async close() {
      mock.close();
      active.delete(mock);
      refreshHandlers();
      if (active.size === 0 && listening) {
        server.close();
        listening = false;
      }
    },
  };
}

async function simulatorHarness(options: PlatformOptions = {}): Promise<Harness> {
  const clock = createManualClock(START_MS);
  const simulator = await startSimulator({ clock, ...options });
  return {
    transport: 'simulator',
    baseUrl: simulator.url,
    wsUrl: simulator.wsUrl,
    apiKey: simulator.apiKey,
    fetch: fetchThroughGlobal,
    platform: simulator.platform,
    clock,
    close: () => simulator.close(),
  };
}

/** Both transports, for `describe.each`: the same protocol tests run against MSW and over real sockets. */
export const transports: readonly { name: string; start: (options?: PlatformOptions) => Promise<Harness> }[] = [
  { name: 'msw', start: mswHarness },
  { name: 'simulator', start: simulatorHarness },
];
