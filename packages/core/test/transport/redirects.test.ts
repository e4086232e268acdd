// The protocol has no redirects. A platform (or a proxy in front of it) that answers with one gets a typed
// error: the request is not resent elsewhere, and a POST is never turned into a GET that looks like success.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { isProtocolError } from '../../src/errors/protocol-error';
import { createProtocolPort } from '../../src/protocol/protocol-port';
import { HoldSchema } from '../../src/schemas/hold';
import { createHttpTransport } from '../../src/transport/http-transport';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function listen(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => handler(req, body, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const Lookup = z.object({ customer: z.object({ id: z.string() }) });

describe('redirects', () => {
  it('refuses a 307 instead of sending the signed body, its key and personal data to another origin', async () => {
    const seenByOther: Seen[] = [];
    const other = await listen((req, body, res) => {
      seenByOther.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ customer: { id: 'cus_evil' } }));
    });
    const platform = await listen((req, _body, res) => {
      res.writeHead(307, { Location: `${other}/collect${req.url ?? ''}` });
      res.end();
    });
    const transport = createHttpTransport({
      baseUrl: platform,
      apiKey: 'll_test_redirect_key_0001',
      signingSecret: 'whsec_redirect_secret_01',
      maxRetries: 0,
    });
    const outcome = await transport
      .request({
        method: 'POST',
        path: '/v1/customers:lookup',
        body: { ref: { type: 'phone', value: '+31612345678' } },
        idempotencyKey: 'lookup-key-1',
        schema: Lookup,
        subject: 'customer lookup',
      })
      .then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );

    expect(seenByOther).toEqual([]);
    expect(!outcome.ok && isProtocolError(outcome.error) && outcome.error.issues[0]?.code).toBe('unexpected_redirect');
  });

  it('refuses a 303 instead of turning a hold release into a GET that looks like success', async () => {
    const seen: Seen[] = [];
    const hold = {
      id: 'hold_1',
      customerId: 'cus_1',
      storeId: 'ams-01',
      registerId: 'reg-1',
      points: 500,
      amount: { amount: 500, currency: 'EUR' },
      status: 'active',
      createdAt: '2026-01-01T00:00:00Z',
      expiresAt: '2026-01-01T00:15:00Z',
    };
    const platform = await listen((req, body, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.method === 'POST') {
        res.writeHead(303, { Location: '/v1/holds/hold_1' });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(hold));
    });
    const port = createProtocolPort({ baseUrl: platform, apiKey: 'll_test_redirect_key_0002', maxRetries: 0 });
    expect(HoldSchema.safeParse(hold).success).toBe(true);
    const outcome = await port.releaseHold('hold_1').then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    expect(!outcome.ok && isProtocolError(outcome.error) && outcome.error.issues[0]?.code).toBe('unexpected_redirect');
    expect(seen.map((s) => s.method)).toEqual(['POST']);
  });
});
