// The drain lease lives in the outbox file with its holder's expiry time, on the holder's clock. A register
// that wrote it with a clock far ahead, then crashed, must not keep the next process from draining.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '@loyalty-link/testing/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createPushClient } from '../src/index';
import { sqliteOutbox } from '../src/sqlite';
import { saleOf, shelf } from './support/register';

const childScript = fileURLToPath(new URL('./support/skewed-register.ts', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the child register and resolves once its sale was delivered. */
async function runChild(args: string[]): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@loyalty-link/source', '--import', 'tsx', childScript, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('delivered\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
  });
  return child;
}

describe('the drain lease and the wall clock', () => {
  it('lets a restarted register drain after its crashed predecessor wrote the lease with a clock a day fast', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-lease-clock-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'outbox.db');
    const simulator = await startSimulator({ seed: 7 });
    cleanups.push(() => simulator.close());

    // The register booted with its clock a day fast (a bad RTC), delivered a sale, and the process then
    // died (power cut). NTP corrects the clock; the register app starts again on the same outbox.
    const day = 24 * 60 * 60 * 1000;
    const crashed = await runChild([simulator.url, simulator.apiKey, file, String(day), '300']);
    crashed.kill('SIGKILL');
    await new Promise((resolve) => crashed.once('exit', resolve));

    const restarted = createPushClient({
      platform: { baseUrl: simulator.url, apiKey: simulator.apiKey },
      storeId: 'ams-01',
      registerId: 'reg-1',
      outbox: sqliteOutbox(file),
      batch: { lingerMs: 1 },
      retry: { baseMs: 10, maxMs: 100 },
      leaseTtlMs: 300,
    });
    cleanups.push(async () => {
      await restarted.closeAndFlush({ timeoutMs: 200 }).catch(() => {});
    });
    const item = shelf[0];
    if (item === undefined) throw new Error('empty shelf');
    await restarted.record(saleOf('NEXT-1', [{ item }], { type: 'loyalty_id', value: 'cus_0001' }));

    // The lease lasts 300 ms: the new process drains within a few seconds, not in a day.
    const ids = () => simulator.inspect.transactions().map((recorded) => recorded.transaction.id);
    await expect.poll(ids, { timeout: 5_000 }).toContain('NEXT-1');
    expect(ids().sort()).toEqual(['CHILD-1', 'NEXT-1']);
    expect((await restarted.status()).depth).toBe(0);
  });
});
