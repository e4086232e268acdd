import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMockPlatform } from '../src/mock-platform';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('createMockPlatform', () => {
  it('serves a base URL with a path prefix: the API and the live link under the prefix', async () => {
    const platform = createMockPlatform({ baseUrl: 'https://gateway.loyalty.test/loyalty/' });
    server.resetHandlers(...platform.handlers);
    expect(platform.baseUrl).toBe('https://gateway.loyalty.test/loyalty');
    expect(platform.wsUrl).toBe('wss://gateway.loyalty.test/loyalty/v1/live');

    const headers = { authorization: `Bearer ${platform.apiKey}` };
    const program = await fetch(`${platform.baseUrl}/v1/program`, { headers });
    expect(program.status).toBe(200);
    expect(await program.json()).toMatchObject({ id: 'prog_bean_and_leaf' });
    const ledger = await fetch(`${platform.baseUrl}/v1/customers/cus_0001/ledger?limit=1`, { headers });
    expect(ledger.status).toBe(200);
    expect(platform.inspect.requests().map((request) => [request.path, request.query])).toEqual([
      ['/v1/program', ''],
      ['/v1/customers/cus_0001/ledger', 'limit=1'],
    ]);

    const socket = new WebSocket(platform.wsUrl);
    const frames: { type: string }[] = [];
    socket.addEventListener('message', (event: MessageEvent) => frames.push(JSON.parse(String(event.data))));
    socket.addEventListener('open', () =>
      socket.send(
        JSON.stringify({
          type: 'hello',
          protocol: 1,
          token: platform.apiKey,
          storeId: 'ams-centrum',
          registerId: 'r1',
        }),
      ),
    );
    await vi.waitFor(() => expect(frames.map((frame) => frame.type)).toEqual(['welcome']));
    socket.close();
    platform.close();
  });
});

describe('a vendor test process using the mock platform', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));

  /** Runs the fixture in `mode`: how long the process lived after the test ended, or `still running`. */
  async function lingering(mode: string): Promise<number | 'still running'> {
    const child = spawn(
      process.execPath,
      ['--conditions=@loyalty-link/source', '--import', 'tsx', 'packages/testing/test/fixtures/vendor-exit.ts', mode],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let endedAt: number | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (chunk.includes('ended')) endedAt ??= Date.now();
    });
    const exited = new Promise<number>((resolve) => child.on('exit', () => resolve(Date.now())));
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 8_000));
    const exitedAt = await Promise.race([exited, timeout]);
    if (exitedAt === 'timeout') {
      child.kill('SIGKILL');
      return 'still running';
    }
    expect(endedAt).toBeDefined();
    return exitedAt - (endedAt ?? exitedAt);
  }

  it('exits at once after close(), with a register connected that never sent hello', async () => {
    expect(await lingering('close')).toBeLessThan(2_000);
  }, 15_000);

  it('exits at once when the platform is never closed, whether the register sent hello or not', async () => {
    const [waitingForHello, welcomed] = await Promise.all([lingering('forget-hello'), lingering('forget-open')]);
    expect(waitingForHello).toBeLessThan(2_000);
    expect(welcomed).toBeLessThan(2_000);
  }, 15_000);
});
