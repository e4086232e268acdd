import { closeCodes } from '@loyalty-link/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Api, api } from './support/api';
import { type Harness, transports } from './support/harness';
import { byId, item } from './support/transactions';

/** Frames received on a socket, parsed. */
function collect(socket: WebSocket): { type: string; [key: string]: unknown }[] {
  const frames: { type: string; [key: string]: unknown }[] = [];
  socket.addEventListener('message', (event: MessageEvent) => {
    frames.push(JSON.parse(String(event.data)));
  });
  return frames;
}

/** Sends the register's `hello` on an open socket. */
function hello(socket: WebSocket, token: string, registerId: string, customerIds?: string[]): void {
  socket.send(
    JSON.stringify({
      type: 'hello',
      protocol: 1,
      token,
      storeId: 'ams-centrum',
      registerId,
      ...(customerIds === undefined ? {} : { customerIds }),
    }),
  );
}

describe.each(transports)('the platform behind the live link over $name', ({ start }) => {
  let harness: Harness;
  let client: Api;
  beforeAll(async () => {
    harness = await start();
    client = api(harness);
  });
  afterAll(() => harness.close());

  it('pushes balance changes of subscribed customers and answers presence with an offer', async () => {
    const customer = harness.platform.engine.addCustomer({ points: 10, stamps: { 'coffee-card': 9 } });
    const socket = new WebSocket(harness.wsUrl);
    const frames = collect(socket);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', reject, { once: true });
    });
    hello(socket, harness.apiKey, 'reg-9', [customer.id]);
    await vi.waitFor(() => expect(frames.map((frame) => frame.type)).toContain('welcome'));
    expect(harness.platform.inspect.connections()).toEqual([
      expect.objectContaining({ storeId: 'ams-centrum', registerId: 'reg-9' }),
    ]);

    await client.post('/v1/transactions:batch', {
      items: [
        item({
          id: 'W-1',
          customer: byId(customer.id),
          lines: [{ sku: 'BL-COF-MOCHA', price: 430, category: 'coffee' }],
        }),
      ],
    });
    await vi.waitFor(() => {
      const types = frames.flatMap((frame) => (frame.type === 'event' ? [(frame.event as { type: string }).type] : []));
      expect(types).toEqual(expect.arrayContaining(['reward.unlocked', 'balance.updated']));
    });

    socket.send(JSON.stringify({ type: 'presence', customerId: customer.id, state: 'attached' }));
    await vi.waitFor(() => {
      const messages = frames.filter(
        (frame) => frame.type === 'event' && (frame.event as { type: string }).type === 'cashier.message',
      );
      expect(messages).toHaveLength(1);
    });
    socket.close();
    await vi.waitFor(() => expect(harness.platform.inspect.connections()).toEqual([]));
  });
});

/** Opens a WebSocket and waits until it is open. */
async function connect(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  return socket;
}

/** The close code the socket gets within a second, or `still open`. */
function closeCode(socket: WebSocket): Promise<number | 'still open'> {
  return Promise.race([
    new Promise<number>((resolve) => socket.addEventListener('close', (event) => resolve(event.code), { once: true })),
    new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 1_000)),
  ]);
}

describe.each(transports)('the live link when the platform closes over $name', ({ start }) => {
  it('closes a connection still waiting for its hello with 1001, and leaves no timer behind', async () => {
    const harness = await start();
    const socket = await connect(harness.wsUrl);
    await vi.waitFor(() => expect(harness.clock.pending()).toBe(1));
    const closed = closeCode(socket);
    harness.platform.close();
    expect(harness.clock.pending()).toBe(0);
    expect(await closed).toBe(closeCodes.goingAway);
    await harness.close();
  });

  it('closes a live connection opened after close() with 1001 at once', async () => {
    const harness = await start();
    harness.platform.close();
    const socket = new WebSocket(harness.wsUrl);
    expect(await closeCode(socket)).toBe(closeCodes.goingAway);
    expect(harness.clock.pending()).toBe(0);
    await harness.close();
  });
});

describe.each(transports)('seeded faults over $name', ({ start }) => {
  /** The statuses of 20 requests on a platform seeded 7 that fails half of them, with or without a register. */
  async function statuses(withRegister: boolean): Promise<number[]> {
    const harness = await start({ seed: 7, faults: { errorRates: { 503: 0.5 } } });
    let socket: WebSocket | undefined;
    if (withRegister) {
      socket = await connect(harness.wsUrl);
      const frames = collect(socket);
      hello(socket, harness.apiKey, 'reg-1');
      await vi.waitFor(() => expect(frames.map((frame) => frame.type)).toContain('welcome'));
    }
    const client = api(harness);
    const out: number[] = [];
    for (let n = 0; n < 20; n++) out.push((await client.get('/v1/program')).status);
    socket?.close();
    await harness.close();
    return out;
  }

  it('fails the same HTTP requests for the same seed, whether a register is connected or not', async () => {
    const withRegister = await statuses(true);
    expect(withRegister).toContain(503);
    expect(withRegister).toContain(200);
    expect(await statuses(false)).toEqual(withRegister);
  });
});
