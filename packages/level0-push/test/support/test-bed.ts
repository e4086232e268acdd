// What the push client tests set up around each test: a platform served by MSW, temporary directories,
// and the clean-ups that run after the test, newest first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockPlatform, type MockPlatform } from '@loyalty-link/testing';
import type { SetupServer } from 'msw/node';
import { afterEach } from 'vitest';

/** Registers the clean-up hook in the calling test file and returns the helpers that feed it. */
export function useTestBed(server: SetupServer) {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    /** Runs `cleanup` after the current test. */
    cleanups,
    /** A reference platform served by `server` for the current test. */
    platform(options: Parameters<typeof createMockPlatform>[0] = {}): MockPlatform {
      const created = createMockPlatform(options);
      server.use(...created.handlers);
      cleanups.push(() => created.close());
      return created;
    },
    /** A directory removed after the current test. */
    tempDir(prefix: string): string {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
  };
}
