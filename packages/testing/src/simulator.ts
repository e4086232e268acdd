// The Node-only entry `@loyalty-link/testing/simulator`: the reference platform on a real HTTP server, and
// the live link on a `ws` server (both need Node, so they stay out of the browser-safe main entry).

export { installGlobalWebSocket } from './live/node-websocket';
export type { LiveServer, LiveServerOptions } from './live/ws-server';
export { attachLiveServer, liveServerDefaults } from './live/ws-server';
export type { SimulatorOptions } from './simulator/simulator-options';
export { simulatorDefaults } from './simulator/simulator-options';
export type { Simulator } from './simulator/start-simulator';
export { startSimulator } from './simulator/start-simulator';
