import {
  closeCodes,
  type EventFrame,
  EventsPageSchema,
  paths,
  type StreamPosition,
  type TransactionInput,
} from '@loyalty-link/core';
import { ensure, ensureEqual, ensureProblem, ensureShape, ensureStatus } from './assert';
import type { CheckContext, ConformanceCheck } from './check-context';
import type { LiveProbe } from './live-probe';

const encoder = new TextEncoder();

async function ensureClosedWith(probe: LiveProbe, code: number, what: string, timeoutMs: number): Promise<void> {
  const closed = await probe.closed(timeoutMs);
  ensureEqual(closed.code, code, `${what}: close code`);
}

/** Like {@link ensureClosedWith} for a connection that must not be welcomed: fails at once on a welcome. */
async function ensureRefused(probe: LiveProbe, code: number, what: string, timeoutMs: number): Promise<void> {
  const welcomed = probe.nextFrame('welcome', timeoutMs).then(
    () => true,
    () => false,
  );
  const outcome = await Promise.race([probe.closed(timeoutMs), welcomed.then((yes) => (yes ? 'welcome' : undefined))]);
  ensure(outcome !== 'welcome', `${what}: the server answered welcome instead of closing ${code}`);
  await ensureClosedWith(probe, code, what, timeoutMs);
}

/** Sends a ping and resolves with every valid frame that came before its pong. */
async function framesUntilPong(probe: LiveProbe, id: string, timeoutMs: number): Promise<EventFrame[]> {
  const events: EventFrame[] = [];
  probe.send({ type: 'ping', id });
  await probe.next(
    (item) => {
      if (item.valid && item.frame.type === 'event') events.push(item.frame);
      return item.valid && item.frame.type === 'pong' && item.frame.id === id;
    },
    timeoutMs,
    `pong ${id}`,
  );
  return events;
}

/** The next `balance.updated` about the fixture customer (other frames are skipped). */
async function nextBalanceEvent(context: CheckContext, probe: LiveProbe): Promise<EventFrame> {
  const id = context.fixtures.customer.loyaltyId;
  const item = await probe.next(
    (candidate) =>
      candidate.valid &&
      candidate.frame.type === 'event' &&
      candidate.frame.event.type === 'balance.updated' &&
      candidate.frame.event.customerId === id,
    context.timeoutMs,
    'balance.updated',
  );
  ensure(item.valid && item.frame.type === 'event', 'expected an event frame');
  return item.frame;
}

function eventsQuery(after: StreamPosition | undefined, customerIds: string[]): string {
  const query = new URLSearchParams();
  if (after !== undefined) query.set('after', `${after.epoch}:${after.seq}`);
  if (customerIds.length > 0) query.set('customerIds', customerIds.join(','));
  query.set('limit', '500');
  return `${paths.events}?${query.toString()}`;
}

async function undo(context: CheckContext, sales: TransactionInput[]): Promise<void> {
  if (sales.length > 0) await context.record(...sales.map((sale) => context.returnOf(sale)));
}

/** Level 2 (live link and polling): protocol section 9. */
export const level2Checks: ConformanceCheck[] = [
  {
    name: 'hello gets a welcome with a session, the head, the heartbeat and the frame limit',
    level: 2,
    async run(context) {
      const { welcome } = await context.connect();
      ensure(welcome.sessionId.length > 0, 'welcome.sessionId is empty');
      ensureEqual(welcome.resumed, false, 'welcome.resumed without a resume position');
      ensure(welcome.maxFrameBytes >= 65_536, `welcome.maxFrameBytes is ${welcome.maxFrameBytes}, below 64 KiB`);
    },
  },
  {
    name: 'a hello with a wrong token closes 4001',
    level: 2,
    async run(context) {
      const probe = await context.open();
      probe.send(context.hello({ token: `wrong-${context.transactionId()}` }));
      await ensureRefused(probe, closeCodes.unauthorized, 'a wrong token', context.timeoutMs);
    },
  },
  {
    name: 'another frame before hello closes 4002',
    level: 2,
    async run(context) {
      const probe = await context.open();
      probe.send({ type: 'ping', id: 'too-early' });
      await ensureClosedWith(probe, closeCodes.helloTimeout, 'a ping before hello', context.timeoutMs);
    },
  },
  {
    name: 'a frame that is not JSON, or a second hello, closes 4000',
    level: 2,
    async run(context) {
      const first = await context.connect();
      first.probe.sendText('{"type": "ping", ');
      await ensureClosedWith(first.probe, closeCodes.protocolViolation, 'malformed JSON', context.timeoutMs);
      const second = await context.connect();
      second.probe.send(context.hello());
      await ensureClosedWith(second.probe, closeCodes.protocolViolation, 'a second hello', context.timeoutMs);
    },
  },
  {
    name: 'ping is answered by pong with the same id',
    level: 2,
    async run(context) {
      const { probe } = await context.connect();
      probe.send({ type: 'ping', id: 'conformance-ping' });
      const pong = await probe.nextFrame('pong', context.timeoutMs);
      ensureEqual(pong.id, 'conformance-ping', 'the pong id');
    },
  },
  {
    name: 'more than 100 customer ids in one subscribe gets an error frame, and the connection stays',
    level: 2,
    async run(context) {
      const { probe } = await context.connect();
      probe.send({ type: 'subscribe', customerIds: Array.from({ length: 101 }, (_, i) => `cus_${i}`) });
      const error = await probe.nextFrame('error', context.timeoutMs);
      ensureEqual(error.code, 'too_many_subscriptions', 'the error code');
      await framesUntilPong(probe, 'still-open', context.timeoutMs);
    },
  },
  {
    name: 'a frame larger than maxFrameBytes closes 4009',
    level: 2,
    async run(context) {
      const { probe, welcome } = await context.connect();
      const head = '{"type":"ping","id":"big","padding":"';
      const tail = '"}';
      const text = head + 'x'.repeat(welcome.maxFrameBytes + 1 - head.length - tail.length) + tail;
      ensure(encoder.encode(text).byteLength === welcome.maxFrameBytes + 1, 'the oversized frame has the wrong size');
      probe.sendText(text);
      await ensureClosedWith(probe, closeCodes.frameTooLarge, 'an oversized frame', context.timeoutMs);
    },
  },
  {
    name: 'a subscribed register receives balance.updated after each sale, seq strictly increasing',
    level: 2,
    async run(context) {
      const id = context.fixtures.customer.loyaltyId;
      const { probe, welcome } = await context.connect({ customerIds: [id] });
      const sales = [context.sale(), context.sale()];
      try {
        const seen: EventFrame[] = [];
        for (const sale of sales) {
          const [result] = await context.record(sale);
          ensureEqual(result?.status, 'accepted', 'the sale');
          seen.push(await nextBalanceEvent(context, probe));
        }
        await framesUntilPong(probe, 'after-sales', context.timeoutMs);
        const all = probe.received.flatMap((item) => (item.valid && item.frame.type === 'event' ? [item.frame] : []));
        let last = welcome.head.seq;
        for (const frame of all) {
          ensureEqual(frame.epoch, welcome.head.epoch, 'the epoch of an event');
          ensure(frame.seq > last, `seq ${frame.seq} after ${last}`);
          last = frame.seq;
        }
        const [first, second] = seen;
        ensure(
          first?.event.type === 'balance.updated' &&
            second?.event.type === 'balance.updated' &&
            second.event.balance.version > first.event.balance.version,
          'the second balance.updated should carry a higher balance version',
        );
      } finally {
        await undo(context, sales);
      }
    },
  },
  {
    name: 'resuming from a position replays exactly the missed events, as polling lists them',
    level: 2,
    async run(context) {
      const id = context.fixtures.customer.loyaltyId;
      const first = await context.connect({ customerIds: [id] });
      const from = first.welcome.head;
      first.probe.close();
      await first.probe.closed(context.timeoutMs);
      const sale = context.sale();
      try {
        const [result] = await context.record(sale);
        ensureEqual(result?.status, 'accepted', 'the sale made while disconnected');
        const { probe, welcome } = await context.connect({ customerIds: [id], resume: from });
        ensureEqual(welcome.resumed, true, 'welcome.resumed');
        const replayed = await framesUntilPong(probe, 'after-replay', context.timeoutMs);
        ensure(
          replayed.some((frame) => frame.event.type === 'balance.updated' && frame.event.customerId === id),
          'the replay has no balance.updated for the customer',
        );
        ensure(
          replayed.every(
            (frame) => frame.epoch === from.epoch && frame.seq > from.seq && frame.seq <= welcome.head.seq,
          ),
          'the replay has events outside (resume, head]',
        );
        const polled = await context.http.request('GET', eventsQuery(from, [id]));
        ensureStatus(polled, 200, 'GET /v1/events');
        const page = ensureShape(EventsPageSchema, polled.json, 'the events page');
        const about = (frames: EventFrame[]) =>
          frames
            .filter((frame) => frame.event.type !== 'cashier.message' && frame.seq <= welcome.head.seq)
            .map((frame) => frame.seq);
        ensureEqual(about(replayed), about(page.events), 'the replayed seqs (customer events) against polling');
      } finally {
        await undo(context, [sale]);
      }
    },
  },
  {
    name: 'polling GET /v1/events gives the head, then the events after a position, and resync for another epoch',
    level: 2,
    async run(context) {
      const id = context.fixtures.customer.loyaltyId;
      const { http } = context;
      const unauthorized = await http.request('GET', eventsQuery(undefined, [id]), { apiKey: null });
      ensureProblem(unauthorized, 401, 'unauthorized', 'polling without a key');
      const start = await http.request('GET', eventsQuery(undefined, [id]));
      ensureStatus(start, 200, 'GET /v1/events without after');
      const first = ensureShape(EventsPageSchema, start.json, 'the first events page');
      ensureEqual(first.events.length, 0, 'events without after');
      const sale = context.sale();
      try {
        await context.record(sale);
        const next = await http.request('GET', eventsQuery(first.head, [id]));
        ensureStatus(next, 200, 'GET /v1/events after the head');
        const page = ensureShape(EventsPageSchema, next.json, 'the events page');
        ensureEqual(page.resync, false, 'resync');
        ensure(
          page.events.some((frame) => frame.event.type === 'balance.updated' && frame.event.customerId === id),
          'no balance.updated for the customer after a sale',
        );
        ensure(
          page.events.every((frame) => frame.seq > first.head.seq),
          'events at or before the position',
        );
        ensure(page.head.seq >= Math.max(...page.events.map((frame) => frame.seq)), 'head is behind the events');
        const other = await http.request(
          'GET',
          eventsQuery({ epoch: `ep-other-${context.transactionId()}`, seq: 1 }, [id]),
        );
        ensureStatus(other, 200, 'GET /v1/events from another epoch');
        ensureEqual(
          ensureShape(EventsPageSchema, other.json, 'the events page').resync,
          true,
          'resync from another epoch',
        );
      } finally {
        await undo(context, [sale]);
      }
    },
  },
];

/** The optional level 2 check that waits for the server's real hello timeout. */
export const helloTimeoutCheck: ConformanceCheck = {
  name: 'a connection without hello closes 4002 after the hello timeout',
  level: 2,
  waitsForHelloTimeout: true,
  async run(context) {
    const probe = await context.open();
    await ensureClosedWith(probe, closeCodes.helloTimeout, 'no hello', context.helloTimeoutMs + context.timeoutMs);
  },
};
