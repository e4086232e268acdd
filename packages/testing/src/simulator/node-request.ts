import type { IncomingMessage, ServerResponse } from 'node:http';
import { limits } from '@loyalty-link/core';
import type { Platform } from '../engine/platform';
import { handleRequest } from '../http/handle-request';

// After the limit, the rest of an oversized body is read and thrown away (so the client can read its 413),
// up to this much; a client that keeps sending past it is cut off.
const DRAIN_LIMIT_BYTES = 32 * 1024 * 1024;

/** Reads a body without ever buffering more than the protocol's limit. */
function readBody(request: IncomingMessage): Promise<{ body: Uint8Array; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
        if (received > DRAIN_LIMIT_BYTES) request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve({ body: tooLarge ? new Uint8Array(0) : Buffer.concat(chunks), tooLarge }));
    request.on('error', reject);
  });
}

/**
 * Serves one Node HTTP request with the platform's `handleRequest`. An injected network error destroys the
 * socket; a stall leaves the response open until the client disconnects (or the platform or the simulator
 * closes).
 */
export async function serveNodeRequest(
  platform: Platform,
  origin: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let read: { body: Uint8Array; tooLarge: boolean };
  try {
    read = await readBody(request);
  } catch {
    request.socket.destroy();
    return;
  }
  const answer = await handleRequest(platform, {
    method: request.method ?? 'GET',
    url: `${origin}${request.url ?? '/'}`,
    headers: request.headers,
    body: read.body,
    bodyTooLarge: read.tooLarge,
  });
  switch (answer.kind) {
    case 'network_error':
      request.socket.destroy();
      return;
    case 'stall': {
      // Nothing is written: the client waits until it gives up, and its disconnect frees the socket. Closing
      // the platform ends it as a network error, as the MSW handlers do.
      const forget = platform.onClose(() => request.socket.destroy());
      response.once('close', forget);
      return;
    }
    case 'response':
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
  }
}
