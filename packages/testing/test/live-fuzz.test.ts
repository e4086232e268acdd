import {
  closeCodes,
  createManualClock,
  type LiveEvent,
  paths,
  type ServerFrame,
  ServerFrameSchema,
  seededRandom,
} from '@loyalty-link/core';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveProbe } from '../src/conformance/live-probe';
import { createEventLog } from '../src/engine/event-log';
import type { FaultConfig } from '../src/faults/fault-types';
import { createLiveContext } from '../src/live/create-live-context';
import type { LiveContext } from '../src/live/live-context';
import { LiveSession, type LiveSocket } from '../src/live/live-session';
import { createLiveLinkHandler } from '../src/live/msw-live';

const TOKEN = 'key_fuzz';
const HEARTBEAT_MS = 1_000;
const MAX_FRAME_BYTES = 2_048;
/** Every close code the protocol lets a server use (section 9). */
const protocolCloseCodes = new Set<number>([
  closeCodes.protocolViolation,
  closeCodes.unauthorized,
  closeCodes.helloTimeout,
  closeCodes.frameTooLarge,
  closeCodes.heartbeatTimeout,
  closeCodes.replaced,
  closeCodes.goingAway,
]);

const encoder = new TextEncoder();
const customerId = fc.constantFrom('cus_1', 'cus_2', 'cus_3');
const customerIds = fc.oneof(
  { weight: 1, arbitrary: fc.array(customerId, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 100 }, () => 'cus_1')) },
  { weight: 2, arbitrary: fc.constant(Array.from({ length: 101 }, () => 'cus_1')) },
);

/** Frames a well-behaved client sends (hellos with a wrong token or a stale position included). */
const validFrame = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record(
      {
        type: fc.constant('hello'),
        protocol: fc.constant(1),
        token: fc.constantFrom(TOKEN, TOKEN, TOKEN, 'wrong'),
        storeId: fc.constant('s1'),
        registerId: fc.constantFrom('r1', 'r2'),
        resume: fc.record({ epoch: fc.constantFrom('ep_fuzz', 'ep_other'), seq: fc.nat(30) }),
        customerIds: fc.array(customerId, { maxLength: 3 }),
      },
      { requiredKeys: ['type', 'protocol', 'token', 'storeId', 'registerId'] },
    ),
  },
  { weight: 4, arbitrary: fc.record({ type: fc.constantFrom('subscribe', 'unsubscribe'), customerIds }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('presence'), customerId, state: fc.constantFrom('attached', 'detached') }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('ping'), id: fc.string({ maxLength: 64 }) }) },
);

/** Frames that are nearly right: a wrong value, a wrong type, an unknown frame type. */
const brokenFrame = fc.oneof(
  fc.record({
    type: fc.constant('hello'),
    protocol: fc.constantFrom(2, '1'),
    token: fc.constant(TOKEN),
    storeId: fc.constantFrom('-bad', ''),
    registerId: fc.constant('r1'),
  }),
  fc.record({
    type: fc.constantFrom('subscribe', 'unsubscribe'),
    customerIds: fc.constantFrom('cus_1', [''], ['x'.repeat(129)]),
  }),
  fc.record({ type: fc.constant('presence'), customerId, state: fc.constant('gone') }),
  fc.record({ type: fc.constant('ping'), id: fc.oneof(fc.string({ minLength: 65, maxLength: 70 }), fc.integer()) }),
  fc.record({ type: fc.string({ maxLength: 12 }), extra: fc.jsonValue({ maxDepth: 2 }) }),
);

/** What a client can send: mostly frames, also any text, any JSON, and frames over the size limit. */
const text = fc.oneof(
  { weight: 12, arbitrary: validFrame.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: brokenFrame.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(MAX_FRAME_BYTES + 1), `"${'€'.repeat(700)}"`) },
);

type Step =
  | { kind: 'send'; session: number; text: string }
  | { kind: 'advance'; ms: number }
  | { kind: 'append'; customerId: string }
  | { kind: 'reset' }
  | { kind: 'connect'; greet: boolean; registerId: string; customerIds: string[] }
  | { kind: 'disconnect'; session: number }
  | { kind: 'faults'; faults: FaultConfig };

const step = (withFaults: boolean): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('send' as const), session: fc.nat(3), text }) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 12_000 }) }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('append' as const), customerId: fc.constantFrom('cus_1', 'cus_2') }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('connect' as const),
        greet: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        registerId: fc.constantFrom('r1', 'r2'),
        customerIds: fc.array(fc.constantFrom('cus_1', 'cus_2'), { maxLength: 2 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), session: fc.nat(3) }) },
    {
      weight: withFaults ? 2 : 0,
      arbitrary: fc.record({
        kind: fc.constant('faults' as const),
        faults: fc.record({
          wsDropRate: fc.constantFrom(0, 0.5),
          wsHalfOpenRate: fc.constantFrom(0, 0.3),
          wsCorruptRate: fc.constantFrom(0, 0.3),
        }),
      }),
    },
  );

/** A socket that checks, as it goes, what the protocol promises about the server's side of a connection. */
class CheckingSocket implements LiveSocket {
  readonly frames: ServerFrame[] = [];
  invalidFrames = 0;
  closeCode: number | undefined;
  terminated = false;
  readonly problems: string[] = [];

  constructor(private readonly corruptionAllowed: () => boolean) {}

  send(text: string): void {
    if (this.closeCode !== undefined || this.terminated) this.problems.push('sent after close');
    let parsed: ServerFrame | undefined;
    try {
      const result = ServerFrameSchema.safeParse(JSON.parse(text));
      parsed = result.success ? result.data : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined) {
      this.invalidFrames++;
      if (!this.corruptionAllowed()) this.problems.push(`not a server frame: ${text.slice(0, 80)}`);
      return;
    }
    this.frames.push(parsed);
    count(parsed.type === 'error' ? `error ${parsed.code}` : parsed.type);
  }

  close(code: number): void {
    if (this.closeCode !== undefined || this.terminated) this.problems.push('closed twice');
    if (!protocolCloseCodes.has(code)) this.problems.push(`close code ${code}`);
    this.closeCode = code;
    count(`close ${code}`);
  }

  terminate(): void {
    if (this.closeCode !== undefined || this.terminated) this.problems.push('terminated after close');
    this.terminated = true;
    count('terminate');
  }
}

/** What the runs reached, so a property that passes vacuously fails instead. */
const reached = new Map<string, number>();
function count(what: string): void {
  reached.set(what, (reached.get(what) ?? 0) + 1);
}

function checkSequence(socket: CheckingSocket): void {
  let last: { epoch: string; seq: number } | undefined;
  for (const sent of socket.frames) {
    // A resumed welcome names the log's head and the missed events follow it (protocol §9): the events
    // are checked against each other from there. Otherwise the head is where the events start.
    if (sent.type === 'welcome') last = sent.resumed ? undefined : sent.head;
    if (sent.type === 'resync') last = sent.head;
    if (sent.type !== 'event') continue;
    if (last !== undefined && sent.epoch === last.epoch && sent.seq <= last.seq) {
      socket.problems.push(`seq ${sent.seq} after ${last.seq}`);
    }
    if (last !== undefined && sent.epoch !== last.epoch) socket.problems.push('epoch changed without resync');
    last = { epoch: sent.epoch, seq: sent.seq };
  }
}

function runSteps(steps: Step[], withFaults: boolean): void {
  const clock = createManualClock();
  const random = seededRandom(11);
  const events = createEventLog({ clock, random, epoch: 'ep_fuzz', retentionMs: 5_000, retentionCount: 5 });
  let faults: FaultConfig = {};
  let corruptionSeen = false;
  const context: LiveContext = createLiveContext({
    events,
    clock,
    random,
    authenticate: (token) => token === TOKEN,
    faults: () => faults,
    presence: (change) => {
      if (change.customerId === 'cus_3') {
        const event: LiveEvent = {
          type: 'cashier.message',
          id: 'evt_p',
          occurredAt: '2026-01-01T00:00:00Z',
          text: 'Hi',
          severity: 'info',
        };
        events.append(event, { storeId: change.storeId, registerId: change.registerId });
      }
    },
    heartbeatMs: HEARTBEAT_MS,
    maxFrameBytes: MAX_FRAME_BYTES,
  });
  const connections: { session: LiveSession; socket: CheckingSocket }[] = [];
  const connect = (greeting: Extract<Step, { kind: 'connect' }> | undefined) => {
    const socket = new CheckingSocket(() => corruptionSeen);
    const session = new LiveSession(context, socket);
    connections.push({ session, socket });
    if (greeting?.greet) {
      const { registerId, customerIds } = greeting;
      const hello = JSON.stringify({
        type: 'hello',
        protocol: 1,
        token: TOKEN,
        storeId: 's1',
        registerId,
        customerIds,
      });
      session.receive(hello, hello.length);
    }
  };
  connect(undefined);
  let version = 0;
  for (const current of steps) {
    switch (current.kind) {
      case 'send': {
        // Mostly the newest connections: older ones are often closed already.
        const target = connections[connections.length - 1 - (current.session % connections.length)];
        expect(() => target?.session.receive(current.text, encoder.encode(current.text).byteLength)).not.toThrow();
        break;
      }
      case 'advance':
        clock.advance(current.ms);
        break;
      case 'append':
        events.append(
          {
            type: 'customer.updated',
            id: `evt_${++version}`,
            occurredAt: '2026-01-01T00:00:00Z',
            customerId: current.customerId,
            version,
          },
          { customerId: current.customerId },
        );
        break;
      case 'reset':
        events.reset();
        break;
      case 'connect':
        connect(current);
        break;
      case 'disconnect':
        connections[connections.length - 1 - (current.session % connections.length)]?.session.closed();
        break;
      case 'faults':
        faults = current.faults;
        corruptionSeen ||= (current.faults.wsCorruptRate ?? 0) > 0;
        break;
    }
    // The registry shows exactly the sessions that are open or half-open, at most one per register.
    const registered = context.connections.list();
    const live = connections.filter(({ session }) => session.state === 'open' || session.state === 'half-open');
    expect(registered.map((info) => info.sessionId).sort()).toEqual(
      live.map(({ session }) => session.sessionId).sort(),
    );
    const registers = registered.map((info) => `${info.storeId}/${info.registerId}`);
    expect(new Set(registers).size).toBe(registers.length);
  }
  for (const { socket } of connections) {
    if (!withFaults) checkSequence(socket);
    expect(socket.problems).toEqual([]);
  }
}

describe('the live session under arbitrary input (property)', () => {
  it('answers with protocol frames and close codes only, never throws, and keeps the registry right', () => {
    fc.assert(
      fc.property(fc.array(step(false), { maxLength: 40 }), (steps) => runSteps(steps, false)),
      { numRuns: 400 },
    );
    for (const what of [
      'welcome',
      'event',
      'pong',
      'resync',
      'error too_many_subscriptions',
      'close 4000',
      'close 4001',
    ]) {
      expect(reached.get(what) ?? 0, what).toBeGreaterThan(0);
    }
    for (const code of [4002, 4009, 4010, 4011])
      expect(reached.get(`close ${code}`) ?? 0, `close ${code}`).toBeGreaterThan(0);
  });

  it('stays consistent under dropped, half-open and corrupted connections', () => {
    fc.assert(
      fc.property(fc.array(step(true), { maxLength: 40 }), (steps) => runSteps(steps, true)),
      { numRuns: 300 },
    );
    expect(reached.get('terminate') ?? 0).toBeGreaterThan(0);
  });
});

describe('the MSW live link under arbitrary input (property)', () => {
  const url = `ws://fuzz.test${paths.live}`;
  const server = setupServer();
  beforeAll(() => server.listen());
  afterAll(() => server.close());

  it('answers any first or later frames with protocol frames or a protocol close code', async () => {
    const clock = createManualClock();
    const random = seededRandom(5);
    const events = createEventLog({ clock, random });
    const context = createLiveContext({
      events,
      clock,
      random,
      authenticate: (token) => token === TOKEN,
      maxFrameBytes: MAX_FRAME_BYTES,
    });
    server.use(createLiveLinkHandler(context, url));
    const hello = JSON.stringify({ type: 'hello', protocol: 1, token: TOKEN, storeId: 's1', registerId: 'r1' });
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(text, { minLength: 0, maxLength: 6 }), async (greet, texts) => {
        const probe = await LiveProbe.open(globalThis.WebSocket, url, 2_000);
        if (greet) probe.sendText(hello);
        for (const sent of texts) probe.sendText(sent);
        probe.sendText(JSON.stringify({ type: 'ping', id: 'end' }));
        const end = await Promise.race([
          probe.next((item) => item.valid && item.frame.type === 'pong' && item.frame.id === 'end', 2_000, 'pong'),
          probe.closed(2_000),
        ]).catch(() => probe.closeEvent);
        expect(probe.received.every((item) => item.valid)).toBe(true);
        if (probe.closeEvent !== undefined) expect(protocolCloseCodes.has(probe.closeEvent.code)).toBe(true);
        else {
          expect(end).toMatchObject({ valid: true });
          answered++;
        }
        probe.close();
        await probe.closed(2_000);
        const until = Date.now() + 2_000;
        while (context.connections.list().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
        expect(context.connections.list()).toEqual([]);
      }),
      { numRuns: 60 },
    );
    expect(answered).toBeGreaterThan(0);
  });
});
