import { request } from 'node:http';
import { limits } from '@loyalty-link/core';
import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator } from '../src/simulator/start-simulator';

describe('startSimulator', () => {
  it('closes promptly with keep-alive, stalled and WebSocket connections open', async () => {
    const simulator = await startSimulator({ seed: 2 });
    const headers = { authorization: `Bearer ${simulator.apiKey}` };
    expect((await fetch(`${simulator.url}/v1/program`, { headers })).status).toBe(200);
    simulator.faults.failNext({ count: 1, as: 'stall' });
    const stalled = fetch(`${simulator.url}/v1/program`, { headers });
    const socket = new WebSocket(simulator.wsUrl);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.on('open', resolve));
    await vi.waitFor(() => expect(simulator.inspect.requests().at(-1)?.status).toBe('stall'));

    const started = Date.now();
    await simulator.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(stalled).rejects.toThrow();
    expect(await closed).toBe(1001);
  });

  it('answers 413 for a streamed body over 1 MiB without buffering it', async () => {
    const simulator = await startSimulator();
    const url = new URL(`${simulator.url}/v1/transactions:batch`);
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${simulator.apiKey}`,
            'content-type': 'application/json',
            'idempotency-key': 'big-body',
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 32);
      for (let sent = 0; sent <= limits.maxBodyBytes; sent += chunk.length) outgoing.write(chunk);
      outgoing.end();
    });
    expect(status).toBe(413);
    await simulator.close();
  });

  it('listens on a free port on loopback by default', async () => {
    const simulator = await startSimulator();
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(simulator.wsUrl).toBe(`${simulator.url.replace('http', 'ws')}/v1/live`);
    await simulator.close();
  });
});
