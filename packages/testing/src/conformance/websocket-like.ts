/** The `message` event of a {@link WebSocketLike}: text frames carry a string. */
export interface WebSocketLikeMessageEvent {
  readonly data: unknown;
}

/** The `close` event of a {@link WebSocketLike}. */
export interface WebSocketLikeCloseEvent {
  readonly code: number;
  readonly reason: string;
}

/**
 * The part of the browser `WebSocket` the conformance suite uses. The browser's, Node 22's, `ws`'s and
 * MSW's mocked sockets all fit it.
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Sends a text frame. */
  send(data: string): void;
  /** Starts the close handshake. */
  close(code?: number, reason?: string): void;
  /** Listens for the connection to open, or to fail. */
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  /** Listens for frames. */
  addEventListener(type: 'message', listener: (event: WebSocketLikeMessageEvent) => void): void;
  /** Listens for the end of the connection. */
  addEventListener(type: 'close', listener: (event: WebSocketLikeCloseEvent) => void): void;
}

/** A constructor of {@link WebSocketLike}s, such as the browser's `WebSocket` or `ws`'s. */
export type WebSocketLikeConstructor = new (url: string) => WebSocketLike;
