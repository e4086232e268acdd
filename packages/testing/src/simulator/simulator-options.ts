import type { PlatformOptions } from '../engine/platform-options';
import { platformDefaults } from '../engine/platform-options';

/** Options of `startSimulator`: the platform's options, and where to listen. */
export interface SimulatorOptions extends PlatformOptions {
  /**
   * The TCP port; 0 picks a free one (read it from the returned `url`).
   * @default 0
   */
  port?: number;
  /**
   * The interface to listen on. Keep it on loopback unless the network is trusted: the simulator speaks
   * plain HTTP.
   * @default '127.0.0.1'
   */
  host?: string;
}

/** Defaults of {@link SimulatorOptions}. */
export const simulatorDefaults = {
  ...platformDefaults,
  port: 0,
  host: '127.0.0.1',
} as const;
