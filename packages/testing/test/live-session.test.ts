import { closeCodes, createManualClock, type LiveEvent, type ServerFrame, seededRandom } from '@loyalty-link/core';
import { describe, expect, it } from 'vitest';
import { createCloser } from '../src/engine/closer';
import { createEventLog } from '../src/engine/event-log';
import type { EventLog } from '../src/engine/event-log-types';
import type { FaultConfig } from '../src/faults/fault-types';
import { createLiveContext } from '../src/live/create-live-context';
import type { LiveContext } from '../src/live/live-context';
import { LiveSession, type LiveSocket } from '../src/live/live-session';

const TOKEN = 'key_session_test';

function customerUpdated(customerId: string, version: number): LiveEvent {
  return { type: 'customer.updated', id: `evt_${version}`, occurredAt: '2026-01-01T00:00:00Z', customerId, version };
}

/** A socket that records what the session does, and can run a callback when a frame is sent. */
class RecordingSocket implements LiveSocket {
  readonly sent: ServerFrame[] = [];
  readonly closes: { code: number; reason: string }[] = [];
  onSend: ((frame: ServerFrame) => void) | undefined;

  send(text: string): void {
    const frame = JSON.parse(text) as ServerFrame;
    this.sent.push(frame);
    this.onSend?.(frame);
  }

  close(code: number, reason: string): void {
    this.closes.push({ code, reason });
  }

  seqs(): number[] {
    return this.sent.flatMap((frame) => (frame.type === 'event' ? [frame.seq] : []));
  }
}

function setup(faults: FaultConfig = {}) {
  const clock = createManualClock();
  const random = seededRandom(3);
  const events = createEventLog({ clock, random });
  const context = createLiveContext({
    events,
    clock,
    random,
    authenticate: (token) => token === TOKEN,
    faults: () => faults,
  });
  let version = 0;
  const append = (customerId = 'cus_1') => events.append(customerUpdated(customerId, ++version), { customerId });
  const socket = new RecordingSocket();
  const session = new LiveSession(context, socket);
  const hello = (extra: object = {}) => {
    const text = JSON.stringify({
      type: 'hello',
      protocol: 1,
      token: TOKEN,
      storeId: 's1',
      registerId: 'r1',
      ...extra,
    });
    session.receive(text, text.length);
  };
  return { clock, context, events, append, socket, session, hello };
}

describe('LiveSession', () => {
  it('delivers events appended while the welcome and the replay are sent, once each, in order', () => {
    const { events, append, socket, hello } = setup();
    for (let n = 0; n < 3; n++) append();
    socket.onSend = (frame) => {
      // The platform keeps appending while the session sends its replay.
      if (frame.type === 'welcome' || (frame.type === 'event' && frame.seq <= 3)) append();
    };
    hello({ resume: { epoch: events.epoch, seq: 0 }, customerIds: ['cus_1'] });
    socket.onSend = undefined;
    append();
    expect(socket.sent[0]?.type).toBe('welcome');
    expect(socket.seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('does not repeat an event that was appended after it subscribed but before it read the log', () => {
    const clock = createManualClock();
    const random = seededRandom(3);
    const log = createEventLog({ clock, random });
    const append = (version: number) => log.append(customerUpdated('cus_1', version), { customerId: 'cus_1' });
    append(1);
    // Another request appends between the session's subscribe and its read: the read and the buffer both
    // hold that event.
    const racing: EventLog = {
      ...log,
      epoch: log.epoch,
      readAfter: (...args) => {
        append(2);
        return log.readAfter(...args);
      },
    };
    const context = createLiveContext({ events: racing, clock, random, authenticate: () => true });
    const socket = new RecordingSocket();
    const session = new LiveSession(context, socket);
    const hello = JSON.stringify({
      type: 'hello',
      protocol: 1,
      token: TOKEN,
      storeId: 's1',
      registerId: 'r1',
      customerIds: ['cus_1'],
      resume: { epoch: log.epoch, seq: 0 },
    });
    session.receive(hello, hello.length);
    append(3);
    expect(socket.seqs()).toEqual([1, 2, 3]);
  });

  it('is released once closed: no timers, no log subscription, no registry entry', () => {
    const { clock, context, append, socket, session, hello } = setup();
    hello({ customerIds: ['cus_1'] });
    expect(context.connections.list()).toHaveLength(1);
    session.closed();
    append();
    clock.advance(60 * 60 * 1000);
    expect(socket.seqs()).toEqual([]);
    expect(socket.closes).toEqual([]);
    expect(context.connections.list()).toEqual([]);
    expect(clock.pending()).toBe(0);
  });

  it('closes 1001 for a drop when the transport cannot terminate', () => {
    const { socket, session, hello } = setup({ wsDropRate: 1 });
    hello();
    expect(socket.sent.map((frame) => frame.type)).toEqual(['welcome']);
    expect(socket.closes).toEqual([{ code: closeCodes.goingAway, reason: 'connection dropped' }]);
    expect(session.state).toBe('closed');
  });

  it('treats binary frames as too large or not JSON text', () => {
    const small = setup();
    small.session.receiveBinary(10);
    expect(small.socket.closes[0]?.code).toBe(closeCodes.protocolViolation);
    const large = setup();
    large.session.receiveBinary(70_000);
    expect(large.socket.closes[0]?.code).toBe(closeCodes.frameTooLarge);
  });

  it('closes 1001 rather than throwing when the platform fails', () => {
    const { context, socket, session, hello } = setup();
    hello();
    const failing: LiveContext = {
      ...context,
      presence: () => {
        throw new Error('platform bug');
      },
    };
    const other = new LiveSession(failing, socket);
    const helloText = JSON.stringify({ type: 'hello', protocol: 1, token: TOKEN, storeId: 's2', registerId: 'r1' });
    other.receive(helloText, helloText.length);
    const presence = JSON.stringify({ type: 'presence', customerId: 'cus_1', state: 'attached' });
    expect(() => other.receive(presence, presence.length)).not.toThrow();
    expect(socket.closes.at(-1)?.code).toBe(closeCodes.goingAway);
    expect(session.state).toBe('open');
  });

  describe('when the platform closes', () => {
    function platformSetup(faults: FaultConfig = {}) {
      const clock = createManualClock();
      const random = seededRandom(3);
      const closer = createCloser();
      const context = createLiveContext({
        events: createEventLog({ clock, random }),
        clock,
        random,
        authenticate: (token) => token === TOKEN,
        faults: () => faults,
        onClose: (callback) => closer.onClose(callback),
      });
      const connect = (sayHello: boolean) => {
        const socket = new RecordingSocket();
        const session = new LiveSession(context, socket);
        if (sayHello) {
          const text = JSON.stringify({ type: 'hello', protocol: 1, token: TOKEN, storeId: 's1', registerId: 'r1' });
          session.receive(text, text.length);
        }
        return { socket, session };
      };
      return { clock, closer, context, connect };
    }

    it('closes every session with 1001, whether it sent hello or not, and frees its timers', () => {
      const { clock, closer, context, connect } = platformSetup();
      const waiting = connect(false);
      const open = connect(true);
      expect(open.session.state).toBe('open');
      closer.close();
      for (const { socket, session } of [waiting, open]) {
        expect(socket.closes).toEqual([{ code: closeCodes.goingAway, reason: 'platform closed' }]);
        expect(session.state).toBe('closed');
      }
      expect(context.connections.list()).toEqual([]);
      expect(clock.pending()).toBe(0);
    });

    it('closes a session created after the platform closed at once, and never welcomes it', () => {
      const { clock, closer, connect } = platformSetup();
      closer.close();
      const late = connect(true);
      expect(late.socket.closes).toEqual([{ code: closeCodes.goingAway, reason: 'platform closed' }]);
      expect(late.socket.sent).toEqual([]);
      expect(late.session.state).toBe('closed');
      expect(clock.pending()).toBe(0);
    });

    it('ends a half-open connection too, rather than leaving it open at the client', () => {
      const { closer, context, connect } = platformSetup({ wsHalfOpenRate: 1 });
      const { socket, session } = connect(true);
      expect(session.state).toBe('half-open');
      closer.close();
      expect(socket.closes).toHaveLength(1);
      expect(session.state).toBe('closed');
      expect(context.connections.list()).toEqual([]);
    });
  });
});
