import { type WebSocketData, type WebSocketHandler, type WebSocketLink, ws } from 'msw';
import type { LiveContext } from './live-context';
import { LiveSession } from './live-session';

/**
 * The close code a browser reports when a connection is lost without a close frame. MSW's mocked socket has
 * no wire to cut, so a drop fault closes it with this code: the client sees what a real drop looks like,
 * except that `wasClean` stays true and no `error` event fires.
 */
const ABNORMAL_CLOSURE = 1006;

const encoder = new TextEncoder();

/**
 * One link per URL, shared by every handler: MSW adds a listener to a process-wide BroadcastChannel for
 * each `ws.link()` and never removes it, so a link per mock platform would leak (Node warns after ten).
 * Handlers made from one link are independent; each carries its own connection listener.
 */
const links = new Map<string, WebSocketLink>();

function linkFor(wsUrl: string): WebSocketLink {
  let link = links.get(wsUrl);
  if (link === undefined) {
    link = ws.link(wsUrl);
    links.set(wsUrl, link);
  }
  return link;
}

function binaryLength(data: Exclude<WebSocketData, string>): number {
  return data instanceof Blob ? data.size : data.byteLength;
}

/**
 * An MSW handler that serves the live link (protocol section 9) at `wsUrl`, the full URL of the live
 * endpoint (e.g. `ws://platform.test/v1/live`). Spread it into `setupServer(...)` or `setupWorker(...)`
 * next to the HTTP handlers. Every intercepted connection gets its own {@link LiveSession}, so it behaves
 * like the simulator's `ws` server. Browser-safe: no `ws`, no `node:` imports.
 *
 * In Node 20, which has no global `WebSocket`, install one before `server.listen()` (MSW intercepts the
 * global only): see `installGlobalWebSocket`.
 */
export function createLiveLinkHandler(context: LiveContext, wsUrl: string): WebSocketHandler {
  return linkFor(wsUrl).addEventListener('connection', ({ client }) => {
    // MSW delivers a sent frame in a microtask but marks the socket closing at once, which would discard
    // the frames sent just before a close. Closing in a microtask too keeps them in order, as on a wire.
    const session = new LiveSession(context, {
      send: (text) => client.send(text),
      close: (code, reason) => queueMicrotask(() => client.close(code, reason)),
      terminate: () => queueMicrotask(() => client.close(ABNORMAL_CLOSURE, '')),
    });
    client.addEventListener('message', (event) => {
      const data = event.data;
      if (typeof data === 'string') session.receive(data, encoder.encode(data).byteLength);
      else session.receiveBinary(binaryLength(data));
    });
    client.addEventListener('close', () => session.closed());
  });
}
