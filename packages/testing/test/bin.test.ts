import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = 'packages/testing/src/bin.ts';

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--conditions=@loyalty-link/source', '--import', 'tsx', bin, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the next complete line the child writes to stdout. */
function lines(child: ChildProcess): { next(): Promise<string> } {
  let buffer = '';
  const waiting: ((line: string) => void)[] = [];
  const ready: string[] = [];
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      const waiter = waiting.shift();
      if (waiter === undefined) ready.push(line);
      else waiter(line);
    }
  });
  return {
    next: () => {
      const line = ready.shift();
      return line === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(line);
    },
  };
}

describe('loyalty-link-sim', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  });

  /** Runs the bin with `args` until it exits: its exit code and everything it wrote to stderr. */
  async function exitOf(args: string[]): Promise<{ code: unknown; stderr: string }> {
    const started = run(args);
    child = started;
    let stderr = '';
    started.stderr?.setEncoding('utf8');
    started.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const [code] = await once(started, 'exit');
    return { code, stderr };
  }

  it('prints its URL, WebSocket URL and API key, serves requests, and exits 0 on SIGINT', async () => {
    child = run(['--port', '0', '--seed', '3']);
    const output = lines(child);
    const first = await output.next();
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(first)?.[1];
    const apiKey = /api key: (\S+)\)/.exec(first)?.[1];
    expect(first).toMatch(/ws:\/\/127\.0\.0\.1:\d+\/v1\/live/);
    expect(url).toBeDefined();
    const response = await fetch(`${url}/v1/customers/cus_0001`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 'cus_0001', firstName: 'Ada' });

    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const summary = await output.next();
    const [code] = await exited;
    expect(code).toBe(0);
    expect(summary).toMatch(/stopped \(SIGINT\): 1 requests/);
  }, 30_000);

  it('refuses bad arguments with a clear message and exit code 2', async () => {
    const { code, stderr } = await exitOf(['--port', 'eighty']);
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be a whole number');
  }, 30_000);

  it('refuses faults that are not valid JSON fault settings', async () => {
    const { code, stderr } = await exitOf(['--faults', '{"errorRates":{"503":3}}']);
    expect(code).toBe(2);
    expect(stderr).toContain('errorRates');
  }, 30_000);
});
