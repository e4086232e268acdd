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
    socket.send(
      JSON.stringify({
        type: 'hello',
        protocol: 1,
        token: harness.apiKey,
        storeId: 'ams-centrum',
        registerId: 'reg-9',
        customerIds: [customer.id],
      }),
    );
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
