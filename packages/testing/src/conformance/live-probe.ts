import { type ServerFrame, ServerFrameSchema } from '@loyalty-link/core';
import type { WebSocketLike, WebSocketLikeConstructor } from './websocket-like';

/** One frame a {@link LiveProbe} received: a protocol frame, or text that is not one. */
export type ProbeReceived = { valid: true; frame: ServerFrame; text: string } | { valid: false; text: string };

/** How a {@link LiveProbe}'s connection ended. */
export interface ProbeClose {
  code: number;
  reason: string;
}

const OPEN = 1;

/**
 * A bare WebSocket client that records every frame and the close, for checking a server against the
 * protocol. It knows nothing of the protocol beyond parsing server frames, so a check can send anything,
 * in any order. Waits use real time, never a platform's clock.
 */
export class LiveProbe {
  /** Every frame received, in order. */
  readonly received: ProbeReceived[] = [];
  private cursor = 0;
  private closeValue: ProbeClose | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly socket: WebSocketLike) {
    socket.addEventListener('message', (event) => {
      const text = typeof event.data === 'string' ? event.data : String(event.data);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        this.push({ valid: false, text });
        return;
      }
      const parsed = ServerFrameSchema.safeParse(json);
      this.push(parsed.success ? { valid: true, frame: parsed.data, text } : { valid: false, text });
    });
    socket.addEventListener('close', (event) => {
      this.closeValue = { code: event.code, reason: event.reason };
      this.wake();
    });
  }

  /**
   * Opens a connection and resolves once it is open.
   * @throws Error when it fails or closes before opening, or does not open within `timeoutMs`.
   */
  static open(WebSocket: WebSocketLikeConstructor, url: string, timeoutMs: number): Promise<LiveProbe> {
    return new Promise((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = new WebSocket(url);
      } catch (error) {
        reject(error);
        return;
      }
      const probe = new LiveProbe(socket);
      const timer = setTimeout(() => {
        reject(new Error(`the WebSocket did not open within ${timeoutMs} ms`));
        probe.close();
      }, timeoutMs);
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        resolve(probe);
      });
      const fail = (): void => {
        clearTimeout(timer);
        reject(new Error('the WebSocket failed to open'));
      };
      socket.addEventListener('error', fail);
      socket.addEventListener('close', fail);
    });
  }

  /** Whether the connection is open. */
  get isOpen(): boolean {
    return this.socket.readyState === OPEN && this.closeValue === undefined;
  }

  /** How the connection ended; undefined while it is open. */
  get closeEvent(): ProbeClose | undefined {
    return this.closeValue;
  }

  /** Sends a value as a JSON text frame. */
  send(value: unknown): void {
    this.sendText(JSON.stringify(value));
  }

  /** Sends text as it is. Ignored once the connection is closing. */
  sendText(text: string): void {
    if (this.isOpen) this.socket.send(text);
  }

  /**
   * Resolves with the next received item (after those already taken) that `accept` accepts, skipping the
   * others; rejects when the connection closes or `timeoutMs` passes first.
   */
  async next(accept: (item: ProbeReceived) => boolean, timeoutMs: number, what = 'a frame'): Promise<ProbeReceived> {
    return this.until(
      () => {
        while (this.cursor < this.received.length) {
          const item = this.received[this.cursor];
          this.cursor++;
          if (item !== undefined && accept(item)) return item;
        }
        return undefined;
      },
      timeoutMs,
      what,
      true,
    );
  }

  /** Resolves with the next valid frame of `type` (skipping others); see {@link LiveProbe.next}. */
  async nextFrame<T extends ServerFrame['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<ServerFrame, { type: T }>> {
    const item = await this.next((candidate) => candidate.valid && candidate.frame.type === type, timeoutMs, type);
    if (!item.valid || item.frame.type !== type) throw new Error(`expected ${type}`);
    return item.frame as Extract<ServerFrame, { type: T }>;
  }

  /** Resolves with how the connection ended, once it has; rejects after `timeoutMs`. */
  closed(timeoutMs: number): Promise<ProbeClose> {
    return this.until(() => this.closeValue, timeoutMs, 'the close', false);
  }

  /**
   * Collects what arrives during `quietMs` (real time) after those already taken, and takes them. For
   * checking that nothing, or nothing more, arrives.
   */
  async drain(quietMs: number): Promise<ProbeReceived[]> {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const items = this.received.slice(this.cursor);
    this.cursor = this.received.length;
    return items;
  }

  /** Closes the connection (code 1000). */
  close(code = 1000, reason = ''): void {
    if (this.socket.readyState <= OPEN) this.socket.close(code, reason);
  }

  private push(item: ProbeReceived): void {
    this.received.push(item);
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private until<T>(find: () => T | undefined, timeoutMs: number, what: string, failOnClose: boolean): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = find();
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (failOnClose && this.closeValue !== undefined) {
          done();
          reject(new Error(`closed with ${this.closeValue.code} while waiting for ${what}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}
