// `loyalty-link-sim`: the reference platform on localhost, until SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import type { FaultConfig } from './faults/fault-types';
import { parseFaultConfig } from './faults/parse-fault-config';
import { startSimulator } from './simulator/start-simulator';

const usage = `Usage: loyalty-link-sim [--port 4010] [--host 127.0.0.1] [--seed 1] [--faults JSON] [--api-key KEY] [--signing-secret SECRET]

  --port            TCP port (0 picks a free one; default 0)
  --host            interface to listen on (default 127.0.0.1)
  --seed            seed of the customers and of every random draw (default 1)
  --faults          standing faults as JSON, e.g. '{"errorRates":{"503":0.1},"latencyMs":50}'
  --api-key         the API key to accept (default ll_test_reference_platform_0001)
  --signing-secret  require body signatures made with this secret
  --help            show this help
`;

function fail(message: string): never {
  process.stderr.write(`loyalty-link-sim: ${message}\n\n${usage}`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    fail(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

function faults(json: string | undefined): FaultConfig | undefined {
  if (json === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    fail('--faults must be JSON');
  }
  const config = parseFaultConfig(parsed);
  if (typeof config === 'string') fail(`--faults: ${config}`);
  return config;
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  function parse() {
    return parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        faults: { type: 'string' },
        'api-key': { type: 'string' },
        'signing-secret': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  }
  try {
    values = parse().values;
  } catch (error) {
    fail(error instanceof Error ? error.message : 'invalid arguments');
  }
  if (values.help === true) {
    process.stdout.write(usage);
    return;
  }
  const port = integer(values.port, 'port', 0, 65_535);
  const seed = integer(values.seed, 'seed', 0, 2 ** 32 - 1);
  const standing = faults(values.faults);
  const apiKey = values['api-key'];
  if (apiKey !== undefined && !/^[\x21-\x7E]{8,512}$/.test(apiKey))
    fail('--api-key must be 8-512 printable characters');

  const simulator = await startSimulator({
    ...(port === undefined ? {} : { port }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(seed === undefined ? {} : { seed }),
    ...(standing === undefined ? {} : { faults: standing }),
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(values['signing-secret'] === undefined ? {} : { signingSecret: values['signing-secret'] }),
  });
  process.stdout.write(
    `Loyalty Link simulator listening on ${simulator.url} (live: ${simulator.wsUrl}, api key: ${simulator.apiKey})\n`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    const requests = simulator.platform.requests.count();
    const transactions = simulator.inspect.transactions().length;
    const holds = simulator.inspect.holds().length;
    simulator
      .close()
      .then(() => {
        process.stdout.write(
          `Loyalty Link simulator stopped (${signal}): ${requests} requests, ${transactions} transactions, ${holds} holds\n`,
        );
        process.exit(0);
      })
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`loyalty-link-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
