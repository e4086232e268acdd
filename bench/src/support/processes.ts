import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A server in its own process, so it does not share the client's event loop. */
export interface ChildServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a TypeScript server script in its own Node process and waits for the URL it prints. */
export async function startChildServer(
  script: string,
  args: string[] = [],
  urlFrom: (line: string) => string | undefined,
): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    ['--conditions=@loyalty-link/source', '--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // A benchmark that fails must not leave its servers running (and holding the runner's output open).
  const stopOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', stopOnExit);
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        const found = urlFrom(line);
        if (found !== undefined) resolve(found);
      }
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', stopOnExit);
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The sink: accepts every item of Loyalty Link and Segment batches. */
export function startSink(): Promise<ChildServer> {
  return startChildServer('./sink-server.ts', [], (line) => {
    const match = /^listening (\d+)$/.exec(line.trim());
    return match === null ? undefined : `http://127.0.0.1:${match[1]}`;
  });
}

/** The reference simulator (`loyalty-link-sim`) in its own process; `url` is its base URL, `apiKey` its key. */
export async function startSimulatorProcess(seed = 1): Promise<ChildServer & { apiKey: string }> {
  let apiKey = '';
  const server = await startChildServer(
    '../../../packages/testing/src/bin.ts',
    ['--port', '0', '--seed', String(seed)],
    (line) => {
      const match = /listening on (\S+) .*api key: ([^)\s]+)/.exec(line);
      if (match === null) return undefined;
      apiKey = match[2] ?? '';
      return match[1];
    },
  );
  return { ...server, apiKey };
}
