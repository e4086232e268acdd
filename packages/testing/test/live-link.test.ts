import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  closeCodes,
  createManualClock,
  type EventFrame,
  type HelloFrame,
  type LiveEvent,
  type ManualClock,
  paths,
  seededRandom,
  type WelcomeFrame,
} from '@loyalty-link/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { LiveProbe } from '../src/conformance/live-probe';
import type { WebSocketLikeConstructor } from '../src/conformance/websocket-like';
import { createEventLog } from '../src/engine/event-log';
import type { EventAudience, EventLog } from '../src/engine/event-log-types';
import type { FaultConfig } from '../src/faults/fault-types';
import { createLiveContext } from '../src/live/create-live-context';
import type { LiveContext, PresenceChange } from '../src/live/live-context';
import { createLiveLinkHandler } from '../src/live/msw-live';
import { attachLiveServer } from '../src/live/ws-server';

const TOKEN = 'key_live_test';
const WAIT_MS = 2_000;
const QUIET_MS = 60;
const HEARTBEAT_MS = 15_000;

interface Harness {
  context: LiveContext;
  clock: ManualClock;
  events: EventLog;
  presence: PresenceChange[];
  setFaults(faults: FaultConfig): void;
  append(customerId: string): EventFrame;
}

function harness(retention: { retentionMs?: number; retentionCount?: number } = {}): Harness {
  const clock = createManualClock();
  const random = seededRandom(42);
  const events = createEventLog({ clock, random, ...retention });
  let faults: FaultConfig = {};
  const presence: PresenceChange[] = [];
  const context = createLiveContext({
    events,
    clock,
    random,
    authenticate: (token) => token === TOKEN,
    faults: () => faults,
    presence: (change) => presence.push(change),
    heartbeatMs: HEARTBEAT_MS,
  });
  let version = 0;
  return {
    context,
    clock,
    events,
    presence,
    setFaults: (next) => {
      faults = next;
    },
    append: (customerId) => events.append(customerUpdated(customerId, ++version), { customerId }),
  };
}

function customerUpdated(customerId: string, version: number): LiveEvent {
  return { type: 'customer.updated', id: `evt_${version}`, occurredAt: '2026-01-01T00:00:00Z', customerId, version };
}

function cashierMessage(id: string, audience: EventAudience): LiveEvent {
  return {
    type: 'cashier.message',
    id,
    occurredAt: '2026-01-01T00:00:00Z',
    text: 'Mention the offer',
    severity: 'offer',
    ...audience,
  };
}

interface Served {
  url: string;
  WebSocket: WebSocketLikeConstructor;
  stop(): Promise<void>;
}

interface Transport {
  name: string;
  serve(context: LiveContext): Promise<Served>;
}

const mswServer = setupServer();
const mswUrl = `ws://platform.test${paths.live}`;

const transports: Transport[] = [
  {
    name: 'MSW ws.link',
    serve: async (context) => {
      mswServer.use(createLiveLinkHandler(context, mswUrl));
      return {
        url: mswUrl,
        WebSocket: globalThis.WebSocket,
        stop: async () => mswServer.resetHandlers(),
      };
    },
  },
  {
    name: 'ws server',
    serve: async (context) => {
      const http: Server = createServer((_request, response) => {
        response.statusCode = 404;
        response.end();
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      const live = attachLiveServer(http, context);
      const { port } = http.address() as AddressInfo;
      return {
        url: `ws://127.0.0.1:${port}${paths.live}`,
        WebSocket: NodeWebSocket,
        stop: async () => {
          await live.close();
          await new Promise<void>((resolve) => http.close(() => resolve()));
        },
      };
    },
  },
];

async function eventually(check: () => boolean, what: string): Promise<void> {
  const until = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > until) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each(transports)('the live link over $name', (transport) => {
  let served: Served | undefined;
  const probes: LiveProbe[] = [];

  beforeAll(() => {
    if (transport.name.startsWith('MSW')) mswServer.listen();
  });
  afterAll(() => {
    if (transport.name.startsWith('MSW')) mswServer.close();
  });
  afterEach(async () => {
    for (const probe of probes.splice(0)) probe.close();
    await served?.stop();
    served = undefined;
  });

  async function start(h: Harness): Promise<Served> {
    served = await transport.serve(h.context);
    return served;
  }

  async function open(): Promise<LiveProbe> {
    if (served === undefined) throw new Error('start a server first');
    const probe = await LiveProbe.open(served.WebSocket, served.url, WAIT_MS);
    probes.push(probe);
    return probe;
  }

  async function connect(hello: Partial<HelloFrame> = {}): Promise<{ probe: LiveProbe; welcome: WelcomeFrame }> {
    const probe = await open();
    probe.send({ type: 'hello', protocol: 1, token: TOKEN, storeId: 'ams-01', registerId: 'reg-1', ...hello });
    const welcome = await probe.nextFrame('welcome', WAIT_MS);
    return { probe, welcome };
  }

  let pings = 0;
  /** A ping round trip: everything sent before it was handled, everything the server sent before arrived. */
  async function sync(probe: LiveProbe): Promise<void> {
    const id = `sync-${++pings}`;
    probe.send({ type: 'ping', id });
    await probe.next((item) => item.valid && item.frame.type === 'pong' && item.frame.id === id, WAIT_MS, 'pong');
  }

  async function eventSeqs(probe: LiveProbe, count: number): Promise<number[]> {
    const seqs: number[] = [];
    for (let i = 0; i < count; i++) seqs.push((await probe.nextFrame('event', WAIT_MS)).seq);
    return seqs;
  }

  it('welcomes a valid hello with the head and the timings, and registers the connection', async () => {
    const h = harness();
    h.append('cus_1');
    await start(h);
    const { welcome } = await connect({ customerIds: ['cus_1'] });
    expect(welcome).toMatchObject({
      type: 'welcome',
      head: { epoch: h.events.epoch, seq: 1 },
      resumed: false,
      heartbeatMs: HEARTBEAT_MS,
      maxFrameBytes: 65_536,
    });
    expect(h.context.connections.list()).toEqual([
      expect.objectContaining({
        sessionId: welcome.sessionId,
        storeId: 'ams-01',
        registerId: 'reg-1',
        customerIds: ['cus_1'],
        halfOpen: false,
      }),
    ]);
  });

  it('pushes the subscribed customers’ events with seq strictly increasing', async () => {
    const h = harness();
    await start(h);
    const { probe } = await connect({ customerIds: ['cus_1'] });
    probe.send({ type: 'subscribe', customerIds: ['cus_2'] });
    await sync(probe);
    for (let n = 0; n < 30; n++) h.append(['cus_1', 'cus_2', 'cus_3'][n % 3] ?? 'cus_1');
    const seqs = await eventSeqs(probe, 20);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(20);
    expect(seqs.every((seq) => seq % 3 !== 0)).toBe(true);

    probe.send({ type: 'unsubscribe', customerIds: ['cus_2'] });
    await sync(probe);
    h.append('cus_2');
    h.append('cus_1');
    expect(await eventSeqs(probe, 1)).toEqual([32]);
  });

  it('resumes from a position with nothing missed and nothing duplicated', async () => {
    const h = harness();
    await start(h);
    const first = await connect({ customerIds: ['cus_1'] });
    h.append('cus_1');
    h.append('cus_2');
    h.append('cus_1');
    expect(await eventSeqs(first.probe, 2)).toEqual([1, 3]);
    first.probe.close();
    await first.probe.closed(WAIT_MS);
    await eventually(() => h.context.connections.list().length === 0, 'the session is released');

    for (let n = 0; n < 10; n++) h.append(n % 2 === 0 ? 'cus_1' : 'cus_2');
    const { probe, welcome } = await connect({ customerIds: ['cus_1'], resume: { epoch: h.events.epoch, seq: 3 } });
    expect(welcome.resumed).toBe(true);
    expect(welcome.head.seq).toBe(13);
    h.append('cus_1');
    expect(await eventSeqs(probe, 6)).toEqual([4, 6, 8, 10, 12, 14]);
    await sync(probe);
    expect((await probe.drain(QUIET_MS)).filter((item) => item.valid && item.frame.type === 'event')).toEqual([]);
  });

  it('sends resync position_expired for a position past retention', async () => {
    const h = harness({ retentionMs: 1_000, retentionCount: 2 });
    await start(h);
    h.append('cus_1');
    for (let n = 0; n < 5; n++) h.append('cus_1');
    h.clock.advance(2_000);
    const { probe, welcome } = await connect({ customerIds: ['cus_1'], resume: { epoch: h.events.epoch, seq: 1 } });
    expect(welcome.resumed).toBe(false);
    expect(await probe.nextFrame('resync', WAIT_MS)).toEqual({
      type: 'resync',
      head: { epoch: h.events.epoch, seq: 6 },
      reason: 'position_expired',
    });
    h.append('cus_1');
    expect(await eventSeqs(probe, 1)).toEqual([7]);
  });

  it('sends resync epoch_changed after a reset, on reconnect and live', async () => {
    const h = harness();
    await start(h);
    h.append('cus_1');
    const old = h.events.head();
    h.events.reset();
    const { probe, welcome } = await connect({ customerIds: ['cus_1'], resume: old });
    expect(welcome.resumed).toBe(false);
    expect(await probe.nextFrame('resync', WAIT_MS)).toMatchObject({
      head: { epoch: h.events.epoch, seq: 0 },
      reason: 'epoch_changed',
    });

    const before = h.events.epoch;
    h.events.reset();
    h.append('cus_1');
    expect(await probe.nextFrame('resync', WAIT_MS)).toEqual({
      type: 'resync',
      head: { epoch: h.events.epoch, seq: 0 },
      reason: 'epoch_changed',
    });
    expect(await probe.nextFrame('event', WAIT_MS)).toMatchObject({ epoch: h.events.epoch, seq: 1 });
    expect(h.events.epoch).not.toBe(before);
  });

  it('closes 4001 on a wrong token', async () => {
    const h = harness();
    await start(h);
    const probe = await open();
    probe.send({ type: 'hello', protocol: 1, token: 'wrong', storeId: 'ams-01', registerId: 'reg-1' });
    expect((await probe.closed(WAIT_MS)).code).toBe(closeCodes.unauthorized);
    expect(h.context.connections.list()).toEqual([]);
  });

  it('closes 4002 when hello is late, and not before', async () => {
    const h = harness();
    await start(h);
    const probe = await open();
    h.clock.advance(h.context.helloTimeoutMs - 1);
    expect(probe.isOpen).toBe(true);
    h.clock.advance(1);
    expect((await probe.closed(WAIT_MS)).code).toBe(closeCodes.helloTimeout);

    const inTime = await open();
    h.clock.advance(h.context.helloTimeoutMs - 1);
    inTime.send({ type: 'hello', protocol: 1, token: TOKEN, storeId: 'ams-01', registerId: 'reg-1' });
    await inTime.nextFrame('welcome', WAIT_MS);
    h.clock.advance(1);
    await sync(inTime);
  });

  it('closes 4002 when another frame comes before hello', async () => {
    const h = harness();
    await start(h);
    const probe = await open();
    probe.send({ type: 'ping', id: '1' });
    expect((await probe.closed(WAIT_MS)).code).toBe(closeCodes.helloTimeout);
  });

  it.each([
    ['malformed JSON', '{"type":"ping",'],
    ['JSON that is not a frame', '[1,2,3]'],
    ['an unknown frame type', '{"type":"teleport"}'],
    ['a frame that breaks its schema', '{"type":"presence","customerId":"cus_1","state":"sleeping"}'],
    ['a second hello', JSON.stringify({ type: 'hello', protocol: 1, token: TOKEN, storeId: 'a', registerId: 'b' })],
  ])('closes 4000 on %s after hello', async (_name, text) => {
    const h = harness();
    await start(h);
    const { probe } = await connect();
    probe.sendText(text);
    expect((await probe.closed(WAIT_MS)).code).toBe(closeCodes.protocolViolation);
    await eventually(() => h.context.connections.list().length === 0, 'the session is released');
  });

  it('closes 4000 on malformed JSON and on an invalid hello before hello', async () => {
    const h = harness();
    await start(h);
    const notJson = await open();
    notJson.sendText('hello?');
    expect((await notJson.closed(WAIT_MS)).code).toBe(closeCodes.protocolViolation);
    const badHello = await open();
    badHello.send({ type: 'hello', protocol: 2, token: TOKEN, storeId: 'ams-01', registerId: 'reg-1' });
    expect((await badHello.closed(WAIT_MS)).code).toBe(closeCodes.protocolViolation);
  });

  it('accepts a frame of exactly maxFrameBytes and closes 4009 on a larger one, counting UTF-8 bytes', async () => {
    const h = harness();
    await start(h);
    const { probe } = await connect();
    const head = '{"type":"ping","id":"max","pad":"';
    const tail = '"}';
    probe.sendText(head + 'x'.repeat(65_536 - head.length - tail.length) + tail);
    await probe.next((item) => item.valid && item.frame.type === 'pong', WAIT_MS, 'pong');
    // 21,846 characters, 65,538 bytes: too large in bytes although short in characters.
    probe.sendText(`{"type":"ping","id":"${'€'.repeat(21_846)}"}`);
    expect((await probe.closed(WAIT_MS)).code).toBe(closeCodes.frameTooLarge);

    const early = await open();
    early.sendText('x'.repeat(200_000));
    expect((await early.closed(WAIT_MS)).code).toBe(closeCodes.frameTooLarge);
  });

  it('closes 4010 after 3 heartbeats without a frame, counting from the last one', async () => {
    const h = harness();
    await start(h);
    const { probe } = await connect();
    h.clock.advance(3 * HEARTBEAT_MS - 1);
    await sync(probe);
    h.clock.advance(3 * HEARTBEAT_MS - 1);
    expect(probe.isOpen).toBe(true);
    await sync(probe);
    h.clock.advance(3 * HEARTBEAT_MS);
    expect((await probe.closed(WAIT_MS)).code).toBe(closeCodes.heartbeatTimeout);
    await eventually(() => h.context.connections.list().length === 0, 'the session is released');
  });

  it('replaces an older connection of the same register with 4011', async () => {
    const h = harness();
    await start(h);
    const first = await connect();
    const other = await connect({ registerId: 'reg-2' });
    const second = await connect();
    expect((await first.probe.closed(WAIT_MS)).code).toBe(closeCodes.replaced);
    expect(
      h.context.connections
        .list()
        .map((info) => info.sessionId)
        .sort(),
    ).toEqual([other.welcome.sessionId, second.welcome.sessionId].sort());
    await sync(second.probe);
    await sync(other.probe);
  });

  it('answers too many ids in one frame with an error frame and keeps the connection', async () => {
    const h = harness();
    await start(h);
    const { probe, welcome } = await connect();
    const ids = (count: number) => Array.from({ length: count }, (_, i) => `cus_${i}`);
    probe.send({ type: 'subscribe', customerIds: ids(101) });
    expect(await probe.nextFrame('error', WAIT_MS)).toMatchObject({ code: 'too_many_subscriptions' });
    probe.send({ type: 'unsubscribe', customerIds: ids(101) });
    expect(await probe.nextFrame('error', WAIT_MS)).toMatchObject({ code: 'too_many_subscriptions' });
    probe.send({ type: 'subscribe', customerIds: ids(100) });
    await sync(probe);
    expect(h.context.connections.list().find((info) => info.sessionId === welcome.sessionId)?.customerIds).toHaveLength(
      100,
    );
  });

  it('passes presence to the platform and shows who is attached', async () => {
    const h = harness();
    await start(h);
    const { probe, welcome } = await connect();
    probe.send({ type: 'presence', customerId: 'cus_1', state: 'attached' });
    probe.send({ type: 'presence', customerId: 'cus_2', state: 'attached' });
    probe.send({ type: 'presence', customerId: 'cus_1', state: 'detached' });
    await sync(probe);
    expect(h.presence).toEqual([
      { storeId: 'ams-01', registerId: 'reg-1', customerId: 'cus_1', state: 'attached' },
      { storeId: 'ams-01', registerId: 'reg-1', customerId: 'cus_2', state: 'attached' },
      { storeId: 'ams-01', registerId: 'reg-1', customerId: 'cus_1', state: 'detached' },
    ]);
    expect(h.context.connections.list()[0]).toMatchObject({ sessionId: welcome.sessionId, attached: ['cus_2'] });
  });

  it('delivers cashier messages addressed to the register, its store or every store, and no others', async () => {
    const h = harness();
    await start(h);
    const { probe } = await connect();
    const send = (id: string, audience: EventAudience) => h.events.append(cashierMessage(id, audience), audience);
    send('to-other-register', { storeId: 'ams-01', registerId: 'reg-2' });
    send('to-register', { storeId: 'ams-01', registerId: 'reg-1', customerId: 'cus_9' });
    send('to-other-store', { storeId: 'rot-02' });
    send('to-store', { storeId: 'ams-01' });
    send('to-everyone', {});
    await sync(probe);
    const received = probe.received.flatMap((item) =>
      item.valid && item.frame.type === 'event' ? [item.frame.event.id] : [],
    );
    expect(received).toEqual(['to-register', 'to-store', 'to-everyone']);
  });

  it('answers ping with pong of the same id', async () => {
    const h = harness();
    await start(h);
    const { probe } = await connect();
    probe.send({ type: 'ping', id: 'abc' });
    expect(await probe.nextFrame('pong', WAIT_MS)).toEqual({ type: 'pong', id: 'abc' });
  });

  it('corrupts a frame on demand, and the next event keeps its seq so the gap shows', async () => {
    const h = harness();
    await start(h);
    const { probe } = await connect({ customerIds: ['cus_1'] });
    h.append('cus_1');
    expect(await eventSeqs(probe, 1)).toEqual([1]);
    h.setFaults({ wsCorruptRate: 1 });
    h.append('cus_1');
    h.append('cus_1');
    h.setFaults({});
    h.append('cus_1');
    const garbage = await probe.next((item) => !item.valid, WAIT_MS, 'a corrupted frame');
    expect(garbage.valid).toBe(false);
    expect(await eventSeqs(probe, 1)).toEqual([4]);
    expect(probe.received.filter((item) => !item.valid)).toHaveLength(2);
  });

  it('drops the connection abruptly on demand (1006 at the client) and forgets it', async () => {
    const h = harness();
    await start(h);
    const { probe } = await connect();
    h.setFaults({ wsDropRate: 1 });
    probe.send({ type: 'ping', id: 'last' });
    expect(await probe.nextFrame('pong', WAIT_MS)).toEqual({ type: 'pong', id: 'last' });
    expect((await probe.closed(WAIT_MS)).code).toBe(1006);
    await eventually(() => h.context.connections.list().length === 0, 'the session is released');
  });

  it('goes half-open on demand: silent both ways, never closed, shown in the registry', async () => {
    const h = harness();
    await start(h);
    const { probe, welcome } = await connect({ customerIds: ['cus_1'] });
    h.setFaults({ wsHalfOpenRate: 1 });
    probe.send({ type: 'ping', id: 'last' });
    await probe.nextFrame('pong', WAIT_MS);
    h.setFaults({});
    expect(h.context.connections.list()).toEqual([
      expect.objectContaining({ sessionId: welcome.sessionId, halfOpen: true }),
    ]);
    probe.send({ type: 'ping', id: 'unanswered' });
    probe.sendText('not even JSON');
    h.append('cus_1');
    h.clock.advance(10 * HEARTBEAT_MS);
    expect(await probe.drain(QUIET_MS)).toEqual([]);
    expect(probe.isOpen).toBe(true);
    // The register gives up on it and reconnects: the new connection replaces it in the registry.
    const next = await connect();
    expect(h.context.connections.list().map((info) => info.sessionId)).toEqual([next.welcome.sessionId]);
    expect(await probe.drain(QUIET_MS)).toEqual([]);
  });

  it('forgets a connection the client closes, and drops every connection on request', async () => {
    const h = harness();
    await start(h);
    const a = await connect();
    const b = await connect({ registerId: 'reg-2' });
    a.probe.close();
    await eventually(() => h.context.connections.list().length === 1, 'the closed session is released');
    h.context.connections.drop();
    expect((await b.probe.closed(WAIT_MS)).code).toBe(closeCodes.goingAway);
    expect(h.context.connections.list()).toEqual([]);
  });
});

describe('the ws server', () => {
  it('refuses upgrades to other paths with 404 and closes its clients with 1001', async () => {
    const h = harness();
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const live = attachLiveServer(http, h.context);
    const { port } = http.address() as AddressInfo;
    await expect(LiveProbe.open(NodeWebSocket, `ws://127.0.0.1:${port}/v1/elsewhere`, WAIT_MS)).rejects.toThrow();
    const probe = await LiveProbe.open(NodeWebSocket, `ws://127.0.0.1:${port}${paths.live}`, WAIT_MS);
    expect(live.size()).toBe(1);
    await live.close();
    expect((await probe.closed(WAIT_MS)).code).toBe(closeCodes.goingAway);
    expect(live.size()).toBe(0);
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
});
