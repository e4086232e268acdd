// Node 20 has no global WebSocket, and MSW's `ws.link` intercepts the global one only: install `ws`'s
// before any test file imports msw. `ws` is a dependency of @loyalty-link/testing, not of the root, hence
// the import through that package.
import { installGlobalWebSocket } from '../../packages/testing/src/live/node-websocket';

installGlobalWebSocket();
