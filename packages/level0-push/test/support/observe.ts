// Watching a test platform and waiting for what it should see.
import type { MockPlatform } from '@loyalty-link/testing';

/** The ids of the transactions the platform recorded, in the order it recorded them. */
export function recordedIds(on: MockPlatform): string[] {
  return on.inspect.transactions().map((recorded) => recorded.transaction.id);
}

/** Resolves once `condition` holds, checking every 10 ms; throws after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
