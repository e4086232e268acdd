// The example register is code a POS vendor copies. Each test runs it unchanged; the scenarios only shape
// the reference platform around it (network, faults, customers, what the platform reports).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sqliteOutbox } from '@loyalty-link/level0-push/sqlite';
import type { Simulator } from '@loyalty-link/testing/simulator';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileExists, ranOutboxes, runExample, startShapedSimulator } from './support/example-harness';

vi.mock('@loyalty-link/testing/simulator', async (importOriginal) => {
  const real = await importOriginal<typeof import('@loyalty-link/testing/simulator')>();
  return {
    ...real,
    startSimulator: (options?: Parameters<typeof real.startSimulator>[0]) =>
      startShapedSimulator(real.startSimulator, options),
  };
});

/** A simulator whose `inspect` answers `transactions()` through `map`. */
function withTransactions(
  simulator: Simulator,
  map: (records: ReturnType<Simulator['inspect']['transactions']>) => ReturnType<Simulator['inspect']['transactions']>,
): Simulator {
  const inspect = new Proxy(simulator.inspect, {
    get: (target, property, receiver) =>
      property === 'transactions' ? () => map(target.transactions()) : Reflect.get(target, property, receiver),
  });
  return new Proxy(simulator, {
    get: (target, property, receiver) => (property === 'inspect' ? inspect : Reflect.get(target, property, receiver)),
  });
}

// Outboxes the example kept (sales left, or refused) are removed after each test.
afterEach(() => {
  for (const path of ranOutboxes.splice(0)) rmSync(dirname(path), { recursive: true, force: true });
});

describe('examples/node-register as code to copy', () => {
  it('baseline: the unchanged morning reconciles and exits 0', async () => {
    const run = await runExample();
    expect(run.thrown).toBeUndefined();
    expect(run.exitCode).toBe(0);
    expect(run.lines.at(-1)).toMatch(/^OK:/);
  });

  it('a register that opens while the shop is offline still rings up and keeps its sales', async () => {
    // The router is down when the till boots (the outage the SDK exists for). The example's own
    // `faults.clear()` at 10:55 brings the network back, so every sale could still be delivered later.
    const run = await runExample({
      shape: (simulator) => {
        simulator.faults.set({ networkErrorRate: 1 });
        return undefined;
      },
    });
    expect(run.thrown).toBeUndefined();
    expect(run.lines.some((line) => line.includes('sale 01014/2026'))).toBe(true);
  });

  it('sales still undelivered at closing stay in the outbox for the next start', async () => {
    // The connection drops at 09:35 and is not back by closing time.
    const run = await runExample({
      shape: (simulator) => {
        simulator.faults.clear = () => {};
        return undefined;
      },
    });
    const left = Number(run.lines.find((line) => line.includes('left in the outbox'))?.match(/(\d+)\s*$/)?.[1]);
    expect(run.exitCode).toBe(1); // the demo does say FAILED...
    expect(left).toBeGreaterThan(0); // ...prints that sales are "left in the outbox"...
    // ...and keeps the outbox they are in.
    expect(fileExists(run.outboxPath)).toBe(true);
  });

  it('reconciliation fails when the platform recorded a different amount than the register', async () => {
    // The platform holds every sale once, but one of them for a different amount (100 cents more).
    let altered = '';
    const run = await runExample({
      shape: (simulator) =>
        withTransactions(simulator, (records) =>
          records.map((record) => {
            if (altered !== '' && record.transaction.id !== altered) return record;
            if (record.kind !== 'sale') return record;
            altered = record.transaction.id;
            const net = record.transaction.totals.net;
            return {
              ...record,
              transaction: {
                ...record.transaction,
                totals: { ...record.transaction.totals, net: { ...net, amount: net.amount + 100 } },
              },
            };
          }),
        ),
    });
    expect(altered).not.toBe('');
    expect(run.exitCode).toBe(1);
  });

  it('a sale the platform refuses is reported when it is dead-lettered, naming the sale', async () => {
    // Back office blocked a few memberships before opening; the till's customer list does not know yet. The
    // platform refuses those customers' sales for good (customer_inactive): they are dead-lettered.
    let platform: Simulator | undefined;
    const run = await runExample({
      shape: (simulator) => {
        platform = simulator;
        for (const id of ['cus_0001', 'cus_0002', 'cus_0003', 'cus_0004', 'cus_0005']) {
          simulator.engine.updateCustomer(id, { status: 'blocked' });
        }
        return undefined;
      },
    });
    const onPlatform = new Set(platform?.inspect.transactions().map((record) => record.transaction.id));
    const refused = Array.from({ length: 120 }, (_, i) => `0${1000 + i}/2026`).filter((id) => !onPlatform.has(id));
    expect(refused.length).toBeGreaterThan(0); // sales were dead-lettered...
    expect(run.exitCode).toBe(1); // ...the closing reconciliation notices...
    // ...and each refused sale was named when it was refused, with its reason.
    const reported = run.lines.filter(
      (line) => !line.includes('dead letters ') && refused.some((id) => line.includes(id)),
    );
    expect(reported).not.toEqual([]);
  });

  it('SIGTERM during trading closes the client (closeAndFlush) instead of killing the register', async () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@loyalty-link/source', 'examples/node-register/src/main.ts'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no outage line in time:\n${output}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        // Mid-outage: sales are waiting in the outbox.
        if (output.includes('10:03  sale')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM'); // systemd stop, docker stop, a reboot
    const { code, signal } = await ended;

    const outboxPath = output.match(/outbox\s+(\S+outbox\.db)/)?.[1];
    let waiting = -1;
    if (outboxPath !== undefined && fileExists(outboxPath)) {
      const orphan = sqliteOutbox(outboxPath);
      waiting = (await orphan.stats()).pending;
      await orphan.close();
      rmSync(dirname(outboxPath), { recursive: true, force: true });
    }
    // The register closed its client on the signal (closeAndFlush: the lease handed back, the outbox closed)
    // and says where the sales that could not go out wait; they are all there.
    const left = Number(output.match(/closed: (\d+) waiting in/)?.[1]);
    expect({ code, signal, closedOnSignal: output.includes('SIGTERM: closing the register') }).toEqual({
      code: 143,
      signal: null,
      closedOnSignal: true,
    });
    expect(left).toBeGreaterThan(0);
    expect(waiting).toBe(left);
  });
});
