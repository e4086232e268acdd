// core.transport.*: the latency a GET pays for going through the HTTP transport (ky, headers, deadline,
// attempt timer, response validation) instead of a bare `fetch` of the same URL, on loopback.
// Target: overhead_ratio ≤ 1.10. Raw and transport calls are interleaved in blocks of 10 after a warm-up,
// so drift (GC, CPU frequency, socket reuse) affects both alike; each figure is a median of single calls.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpTransport } from '@loyalty-link/core';
import ky from 'ky';
import * as z from 'zod/mini';
import { median, percentile, quick, report, size } from '../result';

const body = JSON.stringify({ id: 'prog_1', name: 'Coffee Club', currency: 'EUR', version: 3, pointsName: 'beans' });
const server = createServer((_request, response) => {
  response.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Request-Id': 'req_bench',
  });
  response.end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const baseUrl = `http://127.0.0.1:${port}`;
const url = `${baseUrl}/v1/program`;

const ProgramLike = z.object({ id: z.string(), name: z.string(), currency: z.string(), version: z.int() });
const transport = createHttpTransport({ baseUrl, apiKey: 'll_test_bench_key_00000001' });
const apiHeaders = {
  Authorization: 'Bearer ll_test_bench_key_00000001',
  'Loyalty-Link-Version': '1',
  'Retry-Count': '0',
};

const variants = {
  raw: async (): Promise<unknown> => {
    const response = await fetch(url);
    return response.json();
  },
  transport: async (): Promise<unknown> => {
    const result = await transport.request({
      method: 'GET',
      path: '/v1/program',
      schema: ProgramLike,
      subject: 'program',
    });
    return result.data;
  },
  // What any transport with a per-attempt timeout pays without ky: headers, an abort signal, a timer.
  guardedRaw: async (): Promise<unknown> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 5_000);
    try {
      const response = await fetch(url, { headers: apiHeaders, signal: controller.signal });
      return JSON.parse(await response.text());
    } finally {
      clearTimeout(timer);
    }
  },
  // One bare ky call with the protocol headers, no retry, no timeout, no validation: the floor ky sets.
  attempt: async (): Promise<unknown> => {
    return ky.get(url, { headers: apiHeaders, retry: 0, timeout: false, throwHttpErrors: false }).json();
  },
};
type Variant = keyof typeof variants;

const calls = size(2_000, 200);
const block = 10;
const warmUp = size(500, 50);
const timings: Record<Variant, number[]> = { raw: [], transport: [], guardedRaw: [], attempt: [] };

for (let i = 0; i < warmUp; i++) for (const run of Object.values(variants)) await run();

for (let done = 0; done < calls; done += block) {
  for (const name of Object.keys(variants) as Variant[]) {
    const run = variants[name];
    for (let i = 0; i < block; i++) {
      const started = process.hrtime.bigint();
      await run();
      timings[name].push(Number(process.hrtime.bigint() - started) / 1_000);
    }
  }
}
server.close();

const rawMedian = median(timings.raw);
const transportMedian = median(timings.transport);
const attemptMedian = median(timings.attempt);
const guardedMedian = median(timings.guardedRaw);
const context = { calls, quick, transport: 'loopback node:http, keep-alive' };
report({ name: 'core.transport.raw_fetch_median_us', value: rawMedian, unit: 'µs', ...context });
report({
  name: 'core.transport.median_us',
  value: transportMedian,
  unit: 'µs',
  p90: Number(percentile(timings.transport, 90).toFixed(1)),
  ...context,
});
report({
  name: 'core.transport.overhead_ratio',
  value: transportMedian / rawMedian,
  unit: 'ratio',
  limit: 1.1,
  ...context,
});
report({
  name: 'core.transport.guarded_fetch_median_us',
  value: guardedMedian,
  unit: 'µs',
  note: 'bare fetch with the protocol headers, an AbortController and a timer: the floor of any transport with timeouts',
  ratio_to_raw: Number((guardedMedian / rawMedian).toFixed(3)),
  ...context,
});
report({
  name: 'core.transport.ky_attempt_median_us',
  value: attemptMedian,
  unit: 'µs',
  note: 'one bare ky call (no retry, no timeout, no validation): the floor ky, fixed by the stack, sets',
  ratio_to_raw: Number((attemptMedian / rawMedian).toFixed(3)),
  ...context,
});
