import type { Harness } from './harness';

/** A response as tests look at it. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely and assert on them.
  json: any;
}

/** Options of one request. */
export interface ApiOptions {
  /** The Idempotency-Key (default: a fresh one; `null` sends none). */
  key?: string | null;
  /** The API key (default: the harness's; `null` sends no Authorization). */
  apiKey?: string | null;
  /** More headers. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A tiny protocol client for tests: raw requests with the right headers, parsed answers. */
export function api(harness: Pick<Harness, 'baseUrl' | 'apiKey' | 'fetch'>) {
  let sequence = 0;
  const request = async (
    method: string,
    path: string,
    body: unknown,
    options: ApiOptions = {},
  ): Promise<ApiResponse> => {
    const headers: Record<string, string> = {};
    const apiKey = options.apiKey === undefined ? harness.apiKey : options.apiKey;
    if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
    if (method === 'POST') {
      sequence += 1;
      const key = options.key === undefined ? `test-key-${sequence}` : options.key;
      if (key !== null) headers['idempotency-key'] = key;
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, options.headers);
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (options.signal !== undefined) init.signal = options.signal;
    const response = await harness.fetch(`${harness.baseUrl}${path}`, init);
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  return {
    get: (path: string, options?: ApiOptions) => request('GET', path, undefined, options),
    post: (path: string, body: unknown, options?: ApiOptions) => request('POST', path, body, options),
    request,
  };
}

/** The client {@link api} returns. */
export type Api = ReturnType<typeof api>;
