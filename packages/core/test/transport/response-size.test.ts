// A register has little memory, and what answers it is not always the platform: a misconfigured proxy, a
// captive portal or a broken gateway can stream a body without end. The transport reads at most
// `maxResponseBytes` and fails the call with a typed error instead of buffering the rest.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { isProtocolError } from '../../src/errors/protocol-error';
import { ConfigurationError } from '../../src/errors/validation-error';
import { createHttpTransport } from '../../src/transport/http-transport';
import { httpTransportDefaults } from '../../src/transport/options';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A server in front of the platform; `handler` answers every request. Resolves to its base URL. */
async function listen(handler: (res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const Anything = z.unknown();

function call(baseUrl: string, maxResponseBytes: number) {
  const transport = createHttpTransport({
    baseUrl,
    apiKey: 'll_test_size_key_0001',
    maxResponseBytes,
    attemptTimeoutMs: 20_000,
    deadlineMs: 30_000,
  });
  return transport.request({ method: 'GET', path: '/v1/program', schema: Anything, subject: 'program' }).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

describe('response size', () => {
  it('stops reading an endless body at the limit and fails with response_too_large', async () => {
    let written = 0;
    let closed = false;
    const baseUrl = await listen((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.on('close', () => {
        closed = true;
      });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const more = (): void => {
        // Writes until the client goes away; without the cap this outlasts the 20 s attempt budget.
        while (!res.destroyed && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    });

    const outcome = await call(baseUrl, 1024 * 1024);

    expect(outcome.ok).toBe(false);
    const error = outcome.ok ? undefined : outcome.error;
    expect(isProtocolError(error) && error.issues[0]?.code).toBe('response_too_large');
    expect(isProtocolError(error) && error.message).toContain('1048576 bytes');
    // The connection is let go, not drained in the background.
    await expect.poll(() => closed).toBe(true);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a declared length over the limit before reading the body', async () => {
    const baseUrl = await listen((res) => {
      // Announces 50 MB, sends a little, then stalls: only the declared length can end the call early.
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(50_000_000) });
      res.write('{"rules":[');
    });

    const outcome = await call(baseUrl, 1024 * 1024);

    expect(!outcome.ok && isProtocolError(outcome.error) && outcome.error.issues[0]?.code).toBe('response_too_large');
  });

  it('counts a compressed body as it decodes, whatever its declared length', async () => {
    // 4 MiB of JSON that gzip packs into a few kilobytes: the declared length is the packed one.
    const packed = gzipSync(JSON.stringify({ padding: ' '.repeat(4 * 1024 * 1024) }));
    expect(packed.length).toBeLessThan(64 * 1024);
    const baseUrl = await listen((res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
        'Content-Length': String(packed.length),
      });
      res.end(packed);
    });

    const outcome = await call(baseUrl, 1024 * 1024);

    expect(!outcome.ok && isProtocolError(outcome.error) && outcome.error.issues[0]?.code).toBe('response_too_large');
  });

  it('counts bytes, not characters: a body of exactly the limit is read, one byte more is not', async () => {
    // 'é' is two bytes in UTF-8: a limit counted in characters would let the longer body through.
    const body = (characters: number): string => JSON.stringify({ name: 'é'.repeat(characters) });
    const exact = body(500);
    const limit = Buffer.byteLength(exact);
    const answers = [exact, `${body(500)} `];
    const baseUrl = await listen((res) => {
      // Chunked, without a declared length, so the count is what decides.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(answers.shift());
    });

    const first = await call(baseUrl, limit);
    const second = await call(baseUrl, limit);

    expect(first.ok && first.value.data).toEqual({ name: 'é'.repeat(500) });
    expect(!second.ok && isProtocolError(second.error) && second.error.issues[0]?.code).toBe('response_too_large');
  });

  it('reads a large answer under the default limit', async () => {
    const rules = Array.from({ length: 20_000 }, (_, n) => ({ id: `rule-${n}`, note: 'x'.repeat(80) }));
    const baseUrl = await listen((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ rules }));
    });

    const outcome = await call(baseUrl, httpTransportDefaults.maxResponseBytes);

    expect(outcome.ok && outcome.value.data).toEqual({ rules });
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses maxResponseBytes %s at creation', (value) => {
    expect(() =>
      createHttpTransport({ baseUrl: 'http://127.0.0.1:1', apiKey: 'll_test_size_key_0002', maxResponseBytes: value }),
    ).toThrow(ConfigurationError);
  });
});
