import type { GroupCommitTiming } from '../group-commit-timing';

/** Runs a callback later, without arguments. */
export type Scheduler = (run: () => void) => void;

/**
 * The scheduler for a timing. `immediate` waits for the end of the current macrotask, so callers that reach
 * `append` through several awaits still join the same group; `microtask` writes as soon as the current
 * synchronous code and the microtasks queued before it have run.
 */
export function schedulerFor(timing: GroupCommitTiming): Scheduler {
  if (timing === 'microtask') return (run) => queueMicrotask(run);
  const immediate = (globalThis as { setImmediate?: (run: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return (run) => void immediate(run);
  // Browsers have no setImmediate; a message posted to a channel runs as the next task without the 4 ms
  // clamp nested timeouts get.
  if (typeof MessageChannel === 'function') {
    return (run) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        run();
      };
      channel.port2.postMessage(undefined);
    };
  }
  return (run) => void setTimeout(run, 0);
}
