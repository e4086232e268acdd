import type { Clock, Random } from '@loyalty-link/core';
import type { EventLog } from '../engine/event-log-types';
import type { FaultConfig } from '../faults/fault-types';

/** A live connection as the platform's inspection API shows it. */
export interface LiveConnectionInfo {
  sessionId: string;
  storeId: string;
  registerId: string;
  /** Customers it is subscribed to now. */
  customerIds: string[];
  /** Customers attached at its till (presence), in order. */
  attached: string[];
  /** When `hello` was accepted (platform clock, ms). */
  openedAt: number;
  /** When the last frame arrived from the client (platform clock, ms). */
  lastSeenAt: number;
  /** Whether the platform made it half-open on purpose (fault injection). */
  halfOpen: boolean;
}

/** A presence change a register reported. */
export interface PresenceChange {
  storeId: string;
  registerId: string;
  customerId: string;
  state: 'attached' | 'detached';
}

/**
 * What a live session needs from the platform. The MSW `ws.link` handler and the simulator's `ws` server
 * both build sessions from one of these, so the two transports behave identically.
 */
export interface LiveContext {
  /** The platform's event log. */
  readonly events: EventLog;
  /** The platform's clock: hello and heartbeat timeouts run on it (a manual clock in tests). */
  readonly clock: Clock;
  /** The seeded random of the live link: session ids and WebSocket faults. */
  readonly random: Random;
  /** Whether `token` is a valid API key. */
  authenticate(token: string): boolean;
  /** The faults in force now. */
  faults(): FaultConfig;
  /** Records a presence change (the platform may answer with a cashier message through the event log). */
  presence(change: PresenceChange): void;
  /** Heartbeat the server advertises in `welcome`, in ms (default 15,000). */
  readonly heartbeatMs: number;
  /** How long the server waits for `hello`, in ms (default 10,000). */
  readonly helloTimeoutMs: number;
  /** The largest frame accepted, in bytes (default 65,536). */
  readonly maxFrameBytes: number;
  /** The connection registry: live sessions register and unregister themselves here. */
  readonly connections: LiveConnectionRegistry;
  /**
   * The platform's close hook (see `Platform.onClose`): every session registers with it from the moment its
   * connection opens, so closing the platform closes it with `1001`, whether it sent `hello` or not; a
   * session created after the platform closed is closed at once. Without it, sessions end only by
   * themselves or through {@link LiveConnectionRegistry.drop}.
   */
  onClose?(callback: () => void): () => void;
}

/** Live connections, by session id, for inspection and for replacing a register's older connection. */
export interface LiveConnectionRegistry {
  /** Registers a session; closes an older session of the same store and register with code 4011. */
  add(info: LiveConnectionInfo, close: (code: number, reason: string) => void): void;
  /** Updates a session's info. */
  update(sessionId: string, patch: Partial<LiveConnectionInfo>): void;
  /** Forgets a session. */
  remove(sessionId: string): void;
  /** Every open session. */
  list(): LiveConnectionInfo[];
  /** Closes every session (code 1001) or the given one with a code, for tests of reconnection. */
  drop(sessionId?: string, code?: number): void;
}
