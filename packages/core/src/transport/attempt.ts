import ky from 'ky';
import type { Clock } from '../time/clock';
import type { FetchLike } from './options';

/** One HTTP attempt to make. */
export interface AttemptInit {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Budget of this attempt, from sending to the last byte of the body. */
  timeoutMs: number;
  /** The largest response body read; a longer one ends the attempt as `too_large`. */
  maxResponseBytes: number;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  fetch: FetchLike;
  clock: Clock;
}

/** What one attempt gave: a whole response, or why there is none. */
export type AttemptResult =
  | { ok: true; response: Response; text: string }
  | { ok: false; reason: 'too_large'; response: Response }
  | { ok: false; reason: 'network' | 'timeout' | 'aborted'; cause: unknown };

// A function, so that TypeScript does not narrow `aborted` across the awaits that may change it.
const isAborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

/**
 * The body as text, or `undefined` as soon as it proves longer than `maxBytes`: a declared length over the
 * limit is refused before a byte is read, and a body without one (chunked, or compressed, whose declared
 * length is not the decoded one) is counted as it arrives. `response.text()` would buffer whatever a
 * misconfigured proxy or a captive portal sends, on a register with little memory.
 */
async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) return undefined;
  // A declared length within the limit is the length read when nothing decodes the body: the runtime stops
  // at it. Then the runtime's own reader is used, which costs less than a stream reader's promise per chunk
  // (about 50 µs a call on loopback). A compressed body, or one whose encoding a cross-origin answer hides
  // from the page (`cors`), is counted instead.
  if (
    declared >= 0 &&
    response.type !== 'cors' &&
    (response.headers.get('content-encoding') ?? 'identity').toLowerCase() === 'identity'
  ) {
    return response.text();
  }
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      // The rest is not read: cancelling also lets the connection go.
      reader.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * Makes one attempt through ky and reads the whole body.
 *
 * ky makes exactly one attempt (`retry: 0`), never throws for a status (`throwHttpErrors: false`) and has
 * its own timeout off (`timeout: false`): ky's timer stops when the headers arrive, uses the real clock, and
 * a body that stalls after its headers would hang the call. Instead one timer on the injected clock covers
 * the whole attempt, body included, and aborts it through the signal handed to ky. The caller's signal is
 * forwarded to the same controller with a listener, which is cheaper than `AbortSignal.any`.
 */
export async function sendAttempt(init: AttemptInit): Promise<AttemptResult> {
  const callerSignal = init.signal;
  // An abort that came before the listener is attached would never reach the controller.
  if (isAborted(callerSignal)) return { ok: false, reason: 'aborted', cause: callerSignal?.reason };
  const controller = new AbortController();
  let timedOut = false;
  const timer = init.clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, init.timeoutMs);
  const onAbort = (): void => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await ky(init.url, {
      method: init.method,
      headers: init.headers,
      body: init.body ?? null,
      signal: controller.signal,
      retry: 0,
      timeout: false,
      // A redirect would resend the body, the key and the signature to wherever the Location points, or
      // turn a POST into a GET whose answer looks like success: the transport refuses it instead.
      redirect: 'manual',
      throwHttpErrors: false,
      fetch: init.fetch,
    });
    const text = await readCapped(response, init.maxResponseBytes);
    if (text === undefined) {
      controller.abort();
      return { ok: false, reason: 'too_large', response };
    }
    return { ok: true, response, text };
  } catch (cause) {
    if (isAborted(callerSignal)) return { ok: false, reason: 'aborted', cause: callerSignal?.reason };
    return { ok: false, reason: timedOut ? 'timeout' : 'network', cause };
  } finally {
    init.clock.clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onAbort);
  }
}
