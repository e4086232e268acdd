import { PROTOCOL_VERSION, headers as protocolHeaders } from '@loyalty-link/core';

/** A response as a check sees it: the status, the headers, the raw text and the parsed JSON (if any). */
export interface HttpProbeResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

/** One request of a check. */
export interface HttpProbeRequest {
  /** A JSON body (serialised here). */
  body?: unknown;
  /** A body sent exactly as given (for malformed and oversized bodies). */
  rawBody?: string;
  /** The Idempotency-Key; a fresh one for every POST by default, `null` for none. */
  idempotencyKey?: string | null;
  /** The API key; the configured one by default, `null` for no Authorization header. */
  apiKey?: string | null;
}

/** Plain HTTP against the server under test, with the protocol's headers and nothing else. */
export interface HttpProbe {
  /** Sends a request to `path` (relative to the base URL). */
  request(method: 'GET' | 'POST', path: string, init?: HttpProbeRequest): Promise<HttpProbeResponse>;
  /** A fresh idempotency key, unique to this run. */
  key(): string;
}

/** Options of {@link createHttpProbe}. */
export interface HttpProbeOptions {
  /** The server's base URL; request paths follow it. */
  baseUrl: string;
  /** The API key sent as `Authorization: Bearer …` unless a request says otherwise. */
  apiKey: string;
  /** The fetch function to send with. */
  fetch: typeof fetch;
  /** Makes keys unique to the run. */
  runId: string;
}

/** Creates an {@link HttpProbe}. Uses nothing but `fetch`, so it runs in Node and in browsers. */
export function createHttpProbe(options: HttpProbeOptions): HttpProbe {
  const base = options.baseUrl.replace(/\/+$/, '');
  let keys = 0;
  const key = (): string => `conformance:${options.runId}:${++keys}`;
  return {
    key,
    async request(method, path, init = {}) {
      const headers: Record<string, string> = { [protocolHeaders.version]: String(PROTOCOL_VERSION) };
      const apiKey = init.apiKey === undefined ? options.apiKey : init.apiKey;
      if (apiKey !== null) headers[protocolHeaders.authorization] = `Bearer ${apiKey}`;
      let body: string | undefined;
      if (method === 'POST') {
        body = init.rawBody ?? JSON.stringify(init.body ?? {});
        headers['Content-Type'] = 'application/json';
        const idempotencyKey = init.idempotencyKey === undefined ? key() : init.idempotencyKey;
        if (idempotencyKey !== null) headers[protocolHeaders.idempotencyKey] = idempotencyKey;
      }
      const response = await options.fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
  };
}
