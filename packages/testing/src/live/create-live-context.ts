import { limits } from '@loyalty-link/core';
import type { FaultConfig } from '../faults/fault-types';
import { createConnectionRegistry } from './connection-registry';
import type { LiveConnectionRegistry, LiveContext, PresenceChange } from './live-context';

/** Options of {@link createLiveContext}: the platform's parts, and the live link's timings. */
export interface LiveContextOptions extends Pick<LiveContext, 'events' | 'clock' | 'random' | 'authenticate'> {
  /** The faults in force now (default: none). */
  faults?: () => FaultConfig;
  /** Records a presence change (default: ignored). */
  presence?: (change: PresenceChange) => void;
  /** The connection registry (default: a new one). */
  connections?: LiveConnectionRegistry;
  /** Heartbeat advertised in `welcome`, in ms (default 15,000). */
  heartbeatMs?: number;
  /** How long the server waits for `hello`, in ms (default 10,000). */
  helloTimeoutMs?: number;
  /** The largest frame accepted, in bytes (default 65,536). */
  maxFrameBytes?: number;
  /** The platform's close hook: closing the platform closes every session (default: none). */
  onClose?: (callback: () => void) => () => void;
}

/** Defaults of {@link LiveContextOptions}: the protocol's timings and limits. */
export const liveContextDefaults = {
  heartbeatMs: 15_000,
  helloTimeoutMs: limits.helloTimeoutMs,
  maxFrameBytes: limits.maxFrameBytes,
} as const;

/**
 * Builds a {@link LiveContext} from the platform's parts, with the protocol's defaults for the rest. The
 * mock platform and the simulator build theirs here; tests can build one around a bare event log.
 */
export function createLiveContext(options: LiveContextOptions): LiveContext {
  const config = { ...liveContextDefaults, ...options };
  const healthy: FaultConfig = {};
  return {
    events: config.events,
    clock: config.clock,
    random: config.random,
    authenticate: config.authenticate,
    faults: config.faults ?? (() => healthy),
    presence: config.presence ?? (() => undefined),
    heartbeatMs: config.heartbeatMs,
    helloTimeoutMs: config.helloTimeoutMs,
    maxFrameBytes: config.maxFrameBytes,
    connections: config.connections ?? createConnectionRegistry(),
    ...(config.onClose === undefined ? {} : { onClose: config.onClose }),
  };
}
