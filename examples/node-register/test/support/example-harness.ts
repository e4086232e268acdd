// Runs examples/node-register/src/main.ts in this process, unchanged, against a simulator the test can
// shape: `vi.mock` (in the test file) swaps `startSimulator` for `startShapedSimulator`, which starts the real
// simulator and then applies the scenario. `process.exit` and `console.log` are captured.
import { existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Simulator } from '@loyalty-link/testing/simulator';
import { vi } from 'vitest';

export interface Scenario {
  /** Changes the simulator right after it starts, or wraps it (return a replacement). */
  shape?: (simulator: Simulator) => Simulator | undefined;
}

export interface ExampleRun {
  /** What `process.exit` was called with (undefined: never called). */
  exitCode: number | undefined;
  /** Everything the example printed. */
  lines: string[];
  /** Set when the example's top-level code threw. */
  thrown: unknown;
  /** The outbox file the example printed in its header. */
  outboxPath: string | undefined;
}

const state: { scenario: Scenario; started: Simulator[] } = { scenario: {}, started: [] };

/** The outbox files of the runs so far, for the test file to remove after each test. */
export const ranOutboxes: string[] = [];

/** Starts the real simulator and applies the current scenario. */
export async function startShapedSimulator(
  real: (
    options?: Parameters<typeof import('@loyalty-link/testing/simulator').startSimulator>[0],
  ) => Promise<Simulator>,
  options?: Parameters<typeof real>[0],
): Promise<Simulator> {
  const simulator = await real(options);
  state.started.push(simulator);
  return state.scenario.shape?.(simulator) ?? simulator;
}

/** Imports the example afresh under `scenario` and waits for its top-level code to finish. */
export async function runExample(scenario: Scenario = {}): Promise<ExampleRun> {
  state.scenario = scenario;
  const run: ExampleRun = { exitCode: undefined, lines: [], thrown: undefined, outboxPath: undefined };
  const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    run.exitCode = code ?? 0;
  }) as typeof process.exit);
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    run.lines.push(args.map(String).join(' '));
  });
  try {
    vi.resetModules();
    await import('../../src/main');
  } catch (error) {
    run.thrown = error;
  } finally {
    exit.mockRestore();
    log.mockRestore();
    // A run that threw leaves its simulator serving; stop it so the next test starts clean.
    await Promise.allSettled(state.started.splice(0).map((simulator) => simulator.close()));
  }
  const header = run.lines.find((line) => line.trim().startsWith('outbox '));
  run.outboxPath = header?.trim().split(/\s+/)[1];
  if (run.outboxPath !== undefined) ranOutboxes.push(run.outboxPath);
  // A run that threw never reached the example's own clean-up: remove the temporary outbox it left.
  if (run.thrown !== undefined && run.outboxPath !== undefined)
    rmSync(dirname(run.outboxPath), { recursive: true, force: true });
  return run;
}

export const fileExists = (path: string | undefined): boolean => path !== undefined && existsSync(path);
