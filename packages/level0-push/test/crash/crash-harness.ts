import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '@loyalty-link/testing/simulator';

const child = fileURLToPath(new URL('./register-process.ts', import.meta.url));

/** What a crash run found. */
export interface CrashReport {
  rounds: number;
  /** Sales whose record() resolved before the kill. */
  acknowledged: number;
  /** Sales the platform holds. */
  onPlatform: number;
  /** Acknowledged sales the platform does not hold. */
  lost: string[];
  /** Sales the platform holds more than once. */
  duplicates: string[];
  /** Sales on the platform the register never attempted (should be none). */
  unexpected: string[];
  /** Ledger problems the platform found in its own books. */
  consistency: string[];
}

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--conditions=@loyalty-link/source', '--import', 'tsx', child, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Runs `rounds` rounds: a register process records sales into one SQLite outbox while delivering to a
 * simulator over real sockets, and is killed with SIGKILL at a random moment; then a last process drains
 * the outbox. Returns what the platform holds against what the register acknowledged.
 */
export async function runCrashRounds(options: {
  rounds: number;
  seed?: number;
  log?: (line: string) => void;
}): Promise<CrashReport> {
  const dir = mkdtempSync(join(tmpdir(), 'll-crash-'));
  const outbox = join(dir, 'outbox.db');
  const simulator = await startSimulator({ seed: options.seed ?? 1 });
  const acknowledged = new Set<string>();
  let random = options.seed ?? 1;
  const next = (): number => {
    random = (random * 1103515245 + 12345) % 2147483648;
    return random / 2147483648;
  };
  try {
    for (let round = 0; round < options.rounds; round++) {
      const proc = run([simulator.url, simulator.apiKey, outbox, String(round), 'record']);
      let buffered = '';
      let ready!: () => void;
      const started = new Promise<void>((resolve) => {
        ready = resolve;
      });
      proc.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line === 'ready') ready();
          else if (line.startsWith('recorded ')) acknowledged.add(line.slice('recorded '.length));
        }
      });
      let stderr = '';
      proc.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
      await Promise.race([started, exited]);
      if (proc.exitCode !== null) throw new Error(`register process failed to start: ${stderr}`);
      // Kill anywhere from mid-record to mid-delivery.
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(next() * 250)));
      proc.kill('SIGKILL');
      await exited;
      options.log?.(
        `round ${round + 1}/${options.rounds}: ${acknowledged.size} acknowledged, ${simulator.inspect.transactions().length} on the platform`,
      );
    }
    const drain = run([simulator.url, simulator.apiKey, outbox, 'final', 'drain']);
    let drainOut = '';
    drain.stdout?.on('data', (chunk: Buffer) => {
      drainOut += chunk.toString();
    });
    drain.stderr?.on('data', (chunk: Buffer) => {
      drainOut += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => drain.on('exit', (exit) => resolve(exit)));
    if (code !== 0) throw new Error(`the final drain failed: ${drainOut}`);

    const ids = simulator.inspect.transactions().map((recorded) => recorded.transaction.id);
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    const onPlatform = new Set(ids);
    const attemptedPattern = /^C-\d+-\d+[bc]?$/;
    return {
      rounds: options.rounds,
      acknowledged: acknowledged.size,
      onPlatform: onPlatform.size,
      lost: [...acknowledged].filter((id) => !onPlatform.has(id)),
      duplicates: [...counts].filter(([, count]) => count > 1).map(([id]) => id),
      unexpected: [...onPlatform].filter((id) => !attemptedPattern.test(id)),
      consistency: simulator.inspect.consistency(),
    };
  } finally {
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
