import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { closeCodes, paths } from '@loyalty-link/core';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { LiveContext } from './live-context';
import { LiveSession } from './live-session';

/** Options of {@link attachLiveServer}. */
export interface LiveServerOptions {
  /** The path the live link is served at (default `/v1/live`); upgrades to other paths get 404. */
  path?: string;
  /** How long {@link LiveServer.close} waits for clients to answer the close frame, in ms (default 1,000). */
  closeTimeoutMs?: number;
}

/** Defaults of {@link LiveServerOptions}. */
export const liveServerDefaults = {
  path: paths.live,
  closeTimeoutMs: 1_000,
} as const satisfies Required<LiveServerOptions>;

/** The live link served on a Node HTTP server. */
export interface LiveServer {
  /** Closes every connection with `1001` (terminating those that do not answer) and stops serving upgrades. */
  close(): Promise<void>;
  /** How many WebSocket connections are open. */
  size(): number;
}

/** ws's codes for a payload over `maxPayload` and for text that is not UTF-8; the protocol has its own. */
const WS_MESSAGE_TOO_BIG = 1009;
const WS_INVALID_PAYLOAD = 1007;

/**
 * A `ws` socket that speaks the protocol's close codes where `ws` would use its own. `ws` rejects a frame
 * over `maxPayload` from its header, before buffering the payload, and closes with 1009; the protocol says
 * 4009. Likewise text that is not UTF-8 is "not JSON" (4000), not 1007. `ws` closes through this method,
 * so overriding it maps the codes without buffering oversized frames.
 */
class ProtocolWebSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    const mapped =
      code === WS_MESSAGE_TOO_BIG
        ? closeCodes.frameTooLarge
        : code === WS_INVALID_PAYLOAD
          ? closeCodes.protocolViolation
          : code;
    super.close(mapped, data);
  }
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  return data.byteLength;
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

/**
 * Serves the live link (protocol section 9) on `server`, for the simulator: real sockets, real close
 * frames. Upgrades to `options.path` become {@link LiveSession}s, the same sessions the MSW handler uses;
 * upgrades to any other path are refused with 404. A drop fault is a real drop (`terminate()`, no close
 * frame), and a half-open connection stops answering WebSocket pings too. Node-only (it imports `ws`).
 */
export function attachLiveServer(server: Server, context: LiveContext, options: LiveServerOptions = {}): LiveServer {
  const config = { ...liveServerDefaults, ...options };
  const wss = new WebSocketServer({
    noServer: true,
    // Frames over the limit are refused from their header, and closed 4009 by ProtocolWebSocket.
    maxPayload: context.maxFrameBytes,
    // Pongs are sent by hand, so that a half-open connection can go silent.
    autoPong: false,
    WebSocket: ProtocolWebSocket,
  });

  wss.on('connection', (socket: WebSocket) => {
    const session = new LiveSession(context, {
      send: (frame) => socket.send(frame),
      close: (code, reason) => socket.close(code, reason),
      terminate: () => socket.terminate(),
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) session.receiveBinary(byteLength(data));
      else session.receive(text(data), byteLength(data));
    });
    socket.on('ping', (data: Buffer) => {
      if (session.state !== 'half-open') socket.pong(data);
    });
    // A protocol error is followed by a close; the close event releases the session.
    socket.on('error', () => undefined);
    socket.on('close', () => session.closed());
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname !== config.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (upgraded) => wss.emit('connection', upgraded, request));
  };
  server.on('upgrade', onUpgrade);

  return {
    size: () => wss.clients.size,
    async close() {
      server.off('upgrade', onUpgrade);
      const closing = [...wss.clients].map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) {
              resolve();
              return;
            }
            // Real time, not the platform clock: a manual clock may never move during shutdown.
            const timer = setTimeout(() => socket.terminate(), config.closeTimeoutMs);
            socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            socket.close(closeCodes.goingAway, 'server closing');
          }),
      );
      await Promise.all(closing);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
