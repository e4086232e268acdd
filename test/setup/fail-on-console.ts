import { afterEach, beforeEach, vi } from 'vitest';

// A library that writes to the console behind its user's back is a bug; so is a test that leaves noise.
// Any console call a test did not mock fails that test.
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
let calls: string[] = [];

beforeEach(() => {
  calls = [];
  for (const method of methods) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      calls.push(`console.${method}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach(() => {
  const made = calls;
  calls = [];
  vi.restoreAllMocks();
  if (made.length > 0) throw new Error(`Unexpected console output:\n${made.join('\n')}`);
});
