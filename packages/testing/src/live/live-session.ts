import {
  type ClientFrame,
  ClientFrameSchema,
  closeCodes,
  type HelloFrame,
  HelloFrameSchema,
  type ServerFrame,
  type StreamPosition,
  type TimerHandle,
} from '@loyalty-link/core';
import { unrefTimer } from '../engine/closer';
import type { EventFilter, LoggedEvent } from '../engine/event-log-types';
import type { LiveContext } from './live-context';

/** The most customer ids one `subscribe` or `unsubscribe` frame may carry (protocol section 10). */
export const maxCustomerIdsPerFrame = 100;

/**
 * What a {@link LiveSession} needs from the transport's socket. The MSW handler and the `ws` server each
 * adapt their socket to this, so the protocol logic exists once.
 */
export interface LiveSocket {
  /** Sends one text frame. */
  send(text: string): void;
  /** Closes the connection with a close frame. */
  close(code: number, reason: string): void;
  /**
   * Ends the connection abruptly, without a close handshake (a dropped connection). Transports that cannot
   * do that leave it out, and a drop becomes `close(1001)`.
   */
  terminate?(): void;
}

/** Where a session is in its life. */
export type LiveSessionState = 'awaiting-hello' | 'open' | 'half-open' | 'closed';

type OpenFrame = Exclude<ClientFrame, HelloFrame>;

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One live connection, as protocol section 9 describes it, independent of the transport.
 *
 * - `hello` must come first, within `helloTimeoutMs`: another frame first closes `4002`, a wrong token `4001`.
 * - Every frame is checked: larger than `maxFrameBytes` closes `4009` (before it is parsed); not JSON, not
 *   a frame, or a second `hello` closes `4000`; more than 100 customer ids in one (un)subscribe gets an
 *   `error` frame `too_many_subscriptions` and the connection stays.
 * - After `welcome`, the missed events (or a `resync`), then live events, without a gap or a duplicate
 *   between the two: the session subscribes to the log before it reads, buffers what arrives meanwhile,
 *   and drops buffered events it already replayed.
 * - Nothing received for 3 × `heartbeatMs` closes `4010`. A newer connection of the register closes `4011`.
 * - Faults (`wsCorruptRate`, `wsDropRate`, `wsHalfOpenRate`) are drawn from the live link's random for
 *   every frame sent, in that order, and only when their rate is above zero, so a healthy platform's
 *   random sequence is untouched.
 * - Closing the platform closes the session with `1001` from the moment it exists, `hello` or not; a
 *   session created after the platform closed is closed at once. Its timers never keep Node alive.
 *
 * Nothing a client sends makes it throw: bad input ends as a close code or an `error` frame.
 */
export class LiveSession {
  private stateValue: LiveSessionState = 'awaiting-hello';
  private helloTimer: TimerHandle | undefined;
  private heartbeatTimer: TimerHandle | undefined;
  private stopListening: (() => void) | undefined;
  private forgetOnClose: (() => void) | undefined;
  private id: string | undefined;
  private filter: EventFilter | undefined;
  private lastSeenAt: number;
  /** The log position this connection has caught up to (every event up to it was sent or not meant for it). */
  private position: StreamPosition | undefined;
  /** Live events that arrive while the replay is being sent; undefined once live. */
  private pending: LoggedEvent[] | undefined;
  private attached: string[] = [];

  /**
   * @param context the platform's side of the live link.
   * @param socket the transport's socket; the session sends and closes through it only.
   */
  constructor(
    private readonly context: LiveContext,
    private readonly socket: LiveSocket,
  ) {
    this.lastSeenAt = context.clock.now();
    this.helloTimer = context.clock.setTimeout(() => {
      this.helloTimer = undefined;
      if (this.stateValue === 'awaiting-hello') this.close(closeCodes.helloTimeout, 'no hello in time');
    }, context.helloTimeoutMs);
    unrefTimer(this.helloTimer);
    // Last, so that a platform closed already finds a complete session to close (it calls back at once).
    const forget = context.onClose?.(() => this.shutDown());
    if (this.stateValue === 'closed') forget?.();
    else this.forgetOnClose = forget;
  }

  /** Where the session is in its life. */
  get state(): LiveSessionState {
    return this.stateValue;
  }

  /** The id given in `welcome`; undefined before. */
  get sessionId(): string | undefined {
    return this.id;
  }

  /**
   * Handles one text frame from the client.
   * @param text the frame as received.
   * @param byteLength its size on the wire, in bytes (UTF-8), checked against `maxFrameBytes` before parsing.
   */
  receive(text: string, byteLength: number): void {
    if (this.stateValue === 'closed' || this.stateValue === 'half-open') return;
    try {
      this.handle(text, byteLength);
    } catch {
      // Only a bug in the platform gets here (client input is checked); the client should reconnect.
      this.close(closeCodes.goingAway, 'internal error');
    }
  }

  /** Handles one binary frame: the protocol's frames are JSON text, so it is too large or not a frame. */
  receiveBinary(byteLength: number): void {
    if (this.stateValue === 'closed' || this.stateValue === 'half-open') return;
    if (byteLength > this.context.maxFrameBytes) this.close(closeCodes.frameTooLarge, 'frame too large');
    else this.close(closeCodes.protocolViolation, 'frames are JSON text');
  }

  /** Tells the session that the transport's connection is gone (closed by either side, or lost). */
  closed(): void {
    this.release();
  }

  /** Closes the connection with a close frame (what the registry calls to replace or drop it). */
  close(code: number, reason: string): void {
    const wasHalfOpen = this.stateValue === 'half-open';
    if (this.stateValue === 'closed') return;
    this.release();
    // A half-open connection is silent both ways: the platform forgets it, but nothing reaches the client.
    if (wasHalfOpen) return;
    try {
      this.socket.close(code, reason);
    } catch {
      // The transport already lost the socket; the session is released all the same.
    }
  }

  /**
   * The platform closed: `1001`. A half-open connection is silent, so it has no close frame to send; it ends
   * abruptly instead, as a stopping server's sockets do, rather than staying open at the client for ever.
   */
  private shutDown(): void {
    if (this.stateValue === 'half-open') this.drop();
    else this.close(closeCodes.goingAway, 'platform closed');
  }

  private handle(text: string, byteLength: number): void {
    const { context } = this;
    if (byteLength > context.maxFrameBytes) {
      this.close(closeCodes.frameTooLarge, `frames are at most ${context.maxFrameBytes} bytes`);
      return;
    }
    this.lastSeenAt = context.clock.now();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.close(closeCodes.protocolViolation, 'not JSON');
      return;
    }
    if (!isRecord(json) || typeof json.type !== 'string') {
      this.close(closeCodes.protocolViolation, 'not a frame');
      return;
    }
    if (this.stateValue === 'awaiting-hello') {
      if (json.type !== 'hello') {
        this.close(closeCodes.helloTimeout, 'the first frame must be hello');
        return;
      }
      const hello = HelloFrameSchema.safeParse(json);
      if (hello.success) this.open(hello.data);
      else this.close(closeCodes.protocolViolation, 'hello does not match its schema');
      return;
    }
    if (json.type === 'hello') {
      this.close(closeCodes.protocolViolation, 'a second hello');
      return;
    }
    this.touch();
    // Checked before the schema, which also caps the list: too many ids is an error frame, not a close.
    if (
      (json.type === 'subscribe' || json.type === 'unsubscribe') &&
      Array.isArray(json.customerIds) &&
      json.customerIds.length > maxCustomerIdsPerFrame
    ) {
      this.send({
        type: 'error',
        code: 'too_many_subscriptions',
        message: `at most ${maxCustomerIdsPerFrame} customer ids per frame`,
      });
      return;
    }
    const frame = ClientFrameSchema.safeParse(json);
    if (!frame.success || frame.data.type === 'hello') {
      this.close(closeCodes.protocolViolation, `${json.type.slice(0, 40)} does not match its schema`);
      return;
    }
    this.apply(frame.data);
  }

  private apply(frame: OpenFrame): void {
    const filter = this.filter;
    const sessionId = this.id;
    if (filter === undefined || sessionId === undefined) return;
    const registry = this.context.connections;
    switch (frame.type) {
      case 'subscribe':
      case 'unsubscribe': {
        const ids = new Set(filter.customerIds);
        for (const id of frame.customerIds) {
          if (frame.type === 'subscribe') ids.add(id);
          else ids.delete(id);
        }
        this.filter = { ...filter, customerIds: ids };
        registry.update(sessionId, { customerIds: [...ids] });
        return;
      }
      case 'presence': {
        this.attached = this.attached.filter((id) => id !== frame.customerId);
        if (frame.state === 'attached') this.attached.push(frame.customerId);
        registry.update(sessionId, { attached: [...this.attached] });
        this.context.presence({
          storeId: filter.storeId,
          registerId: filter.registerId,
          customerId: frame.customerId,
          state: frame.state,
        });
        return;
      }
      case 'ping':
        this.send({ type: 'pong', id: frame.id });
        return;
    }
  }

  private open(hello: HelloFrame): void {
    const { context } = this;
    if (!context.authenticate(hello.token)) {
      this.close(closeCodes.unauthorized, 'unauthorized');
      return;
    }
    this.clearHelloTimer();
    const sessionId = `ses_${this.randomId(16)}`;
    const customerIds = new Set(hello.customerIds ?? []);
    this.id = sessionId;
    this.filter = { storeId: hello.storeId, registerId: hello.registerId, customerIds };
    this.stateValue = 'open';
    const now = context.clock.now();
    context.connections.add(
      {
        sessionId,
        storeId: hello.storeId,
        registerId: hello.registerId,
        customerIds: [...customerIds],
        attached: [],
        openedAt: now,
        lastSeenAt: now,
        halfOpen: false,
      },
      (code, reason) => this.close(code, reason),
    );

    // Listen before reading, so nothing appended between the read and going live is missed.
    this.pending = [];
    this.stopListening = context.events.subscribe((entry) => this.onAppended(entry));
    const read = context.events.readAfter(hello.resume, this.filter, Number.POSITIVE_INFINITY);
    this.position = read.head;
    this.send({
      type: 'welcome',
      sessionId,
      head: read.head,
      resumed: hello.resume !== undefined && read.resync === undefined,
      heartbeatMs: context.heartbeatMs,
      maxFrameBytes: context.maxFrameBytes,
    });
    if (read.resync !== undefined) this.send({ type: 'resync', head: read.head, reason: read.resync });
    for (const frame of read.events) this.send(frame);

    // A fault may have closed the connection while the replay was sent, which discards the buffer.
    const buffered = this.pending ?? [];
    this.pending = undefined;
    for (const entry of buffered) this.deliver(entry);
    if (this.stateValue === 'open') this.armHeartbeat();
  }

  private onAppended(entry: LoggedEvent): void {
    if (this.stateValue !== 'open') return;
    if (this.pending !== undefined) this.pending.push(entry);
    else this.deliver(entry);
  }

  private deliver(entry: LoggedEvent): void {
    const { frame } = entry;
    const position = this.position;
    const filter = this.filter;
    if (this.stateValue !== 'open' || position === undefined || filter === undefined) return;
    if (frame.epoch !== position.epoch) {
      // The log was reset under this connection: the client must drop its state for the old epoch.
      const head = { epoch: frame.epoch, seq: frame.seq - 1 };
      this.position = head;
      this.send({ type: 'resync', head, reason: 'epoch_changed' });
    } else if (frame.seq <= position.seq) {
      // Already sent in the replay.
      return;
    }
    this.position = { epoch: frame.epoch, seq: frame.seq };
    if (this.context.events.matches(entry, filter)) this.send(frame);
  }

  private send(frame: ServerFrame): void {
    if (this.stateValue !== 'open') return;
    const faults = this.context.faults();
    let text = JSON.stringify(frame);
    if (this.draw(faults.wsCorruptRate)) text = this.corrupt(frame, text);
    try {
      this.socket.send(text);
    } catch {
      // The transport lost the socket without telling us yet.
      this.release();
      return;
    }
    if (this.draw(faults.wsDropRate)) this.drop();
    else if (this.draw(faults.wsHalfOpenRate)) this.goHalfOpen();
  }

  /**
   * Garbage in place of a frame: half the time text that is not JSON (a proper prefix of the frame, which
   * can never be valid JSON), otherwise JSON that breaks the frame's schema (its type without its fields).
   * A corrupted event is lost on this connection; the next event keeps its real `seq`, so the gap shows.
   */
  private corrupt(frame: ServerFrame, text: string): string {
    if (this.context.random() < 0.5) return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    return JSON.stringify({ type: frame.type, corrupted: true });
  }

  private draw(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.context.random() < rate;
  }

  private drop(): void {
    this.release();
    try {
      if (this.socket.terminate !== undefined) this.socket.terminate();
      else this.socket.close(closeCodes.goingAway, 'connection dropped');
    } catch {
      // Already gone.
    }
  }

  private goHalfOpen(): void {
    this.stateValue = 'half-open';
    this.clearHeartbeatTimer();
    this.stopListening?.();
    this.stopListening = undefined;
    if (this.id !== undefined) this.context.connections.update(this.id, { halfOpen: true });
  }

  private touch(): void {
    if (this.id !== undefined) this.context.connections.update(this.id, { lastSeenAt: this.lastSeenAt });
  }

  private armHeartbeat(): void {
    const { clock, heartbeatMs } = this.context;
    const deadline = this.lastSeenAt + 3 * heartbeatMs;
    // One timer that re-arms itself at the current deadline, rather than a new timer per frame received.
    this.heartbeatTimer = clock.setTimeout(
      () => {
        this.heartbeatTimer = undefined;
        if (this.stateValue !== 'open') return;
        if (clock.now() - this.lastSeenAt >= 3 * heartbeatMs) {
          this.close(closeCodes.heartbeatTimeout, 'no frame for 3 heartbeats');
        } else {
          this.armHeartbeat();
        }
      },
      Math.max(0, deadline - clock.now()),
    );
    unrefTimer(this.heartbeatTimer);
  }

  private randomId(length: number): string {
    let id = '';
    for (let i = 0; i < length; i++) id += ID_ALPHABET[Math.floor(this.context.random() * ID_ALPHABET.length)] ?? '0';
    return id;
  }

  private clearHelloTimer(): void {
    if (this.helloTimer !== undefined) this.context.clock.clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
  }

  private clearHeartbeatTimer(): void {
    if (this.heartbeatTimer !== undefined) this.context.clock.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** Frees everything the session holds: timers, the log subscription, its registry entry. */
  private release(): void {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closed';
    this.pending = undefined;
    this.clearHelloTimer();
    this.clearHeartbeatTimer();
    this.stopListening?.();
    this.stopListening = undefined;
    this.forgetOnClose?.();
    this.forgetOnClose = undefined;
    if (this.id !== undefined) this.context.connections.remove(this.id);
  }
}
