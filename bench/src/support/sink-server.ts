// A loopback sink in its own process that accepts every item: the far end of the delivery benchmarks.
// It speaks just enough of two protocols to be fair to both clients: Loyalty Link's batch endpoint (one
// `accepted` result per item) and Segment's `/v1/batch`. It parses every body, as any real server must.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let items = 0;
let requests = 0;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/stats') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ items, requests }));
      return;
    }
    if (request.method === 'POST' && path === '/reset') {
      items = 0;
      requests = 0;
      response.writeHead(204).end();
      return;
    }
    requests += 1;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      items?: { idempotencyKey: string; transaction: { id: string } }[];
      batch?: unknown[];
    };
    if (path === '/v1/transactions:batch' && body.items !== undefined) {
      items += body.items.length;
      const results = body.items.map((item) => ({
        status: 'accepted',
        idempotencyKey: item.idempotencyKey,
        transactionId: item.transaction.id,
      }));
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ results }));
      return;
    }
    if (path === '/v1/batch' && body.batch !== undefined) {
      items += body.batch.length;
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"success":true}');
      return;
    }
    response.writeHead(404).end();
  });
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
