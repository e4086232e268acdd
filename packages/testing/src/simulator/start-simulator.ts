import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, EventFrame } from '@loyalty-link/core';
import type { Engine } from '../engine/engine';
import { createPlatform, type Platform, type PlatformInspector } from '../engine/platform';
import type { CashierMessageInput } from '../engine/presence';
import type { FaultController } from '../faults/fault-controller';
import { attachLiveServer } from '../live/ws-server';
import { serveNodeRequest } from './node-request';
import { type SimulatorOptions, simulatorDefaults } from './simulator-options';

/** A running simulator: the reference platform on a real HTTP server, with the live link beside it. */
export interface Simulator {
  /** The base URL, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  /** The live link's URL, e.g. `ws://127.0.0.1:4010/v1/live`. */
  readonly wsUrl: string;
  /** The API key the simulator accepts. */
  readonly apiKey: string;
  /** The platform behind it (inspection, faults, engine, clock). */
  readonly platform: Platform;
  /** Read-only views of the platform's state. */
  readonly inspect: PlatformInspector;
  /** Fault injection. */
  readonly faults: FaultController;
  /** The platform's clock. */
  readonly clock: Clock;
  /** The domain engine. */
  readonly engine: Engine;
  /** Sends a `cashier.message`. */
  sendCashierMessage(input: CashierMessageInput): EventFrame;
  /** Stops serving: ends keep-alive and stalled connections and live sockets, stops timers. */
  close(): Promise<void>;
}

/**
 * Starts the reference platform on `node:http`, serving the same engine and `handleRequest` as the MSW
 * handlers, plus the live link WebSocket at `/v1/live`. Node-only.
 *
 * @example
 * ```ts
 * const simulator = await startSimulator({ seed: 7, faults: { errorRates: { 503: 0.1 } } });
 * const client = createPushClient({
 *   platform: { baseUrl: simulator.url, apiKey: simulator.apiKey },
 *   storeId: 'ams-01',
 *   registerId: 'reg-1',
 *   outbox: memoryOutbox(),
 * });
 * // …
 * await simulator.close();
 * ```
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const config = { ...simulatorDefaults, ...options };
  const platform = createPlatform(options);
  const server = createServer({ keepAliveTimeout: 5_000 });
  let origin = '';
  server.on('request', (request, response) => {
    serveNodeRequest(platform, origin, request, response).catch(() => {
      request.socket.destroy();
    });
  });
  const live = attachLiveServer(server, platform.live);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    wsUrl: `ws://${host}:${address.port}/v1/live`,
    apiKey: platform.apiKey,
    platform,
    inspect: platform.inspect,
    faults: platform.faults,
    clock: platform.clock,
    engine: platform.engine,
    sendCashierMessage: (input) => platform.sendCashierMessage(input),
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await live.close();
        platform.close();
        // Keep-alive and stalled connections would hold `close` open until they time out.
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}
