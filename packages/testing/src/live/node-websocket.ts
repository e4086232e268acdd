import { WebSocket } from 'ws';

/**
 * Makes `ws`'s `WebSocket` the global one when the runtime has none (Node 20 has no global `WebSocket`;
 * Node 22 and browsers do). MSW's `ws.link` intercepts the global `WebSocket` only, so in Node 20 call
 * this before `setupServer(...).listen()` (a test setup file is the natural place). Node-only.
 */
export function installGlobalWebSocket(): void {
  // `ws`'s class follows the WHATWG interface closely enough for clients (events, send, close, readyState),
  // which is all MSW and the conformance suite use; the cast bridges the two type declarations.
  globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;
}
