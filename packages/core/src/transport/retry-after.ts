const secondsPattern = /^\s*(-?\d+(?:\.\d+)?)\s*$/;

/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3) into milliseconds from `now`.
 *
 * Accepts a number of seconds (integer, or decimal as some servers send) or an HTTP date. A negative
 * number or a date in the past gives `0`. Anything else, or no header, gives `undefined`. The caller
 * clamps the result to its own maximum, so a server cannot park a register for an hour.
 *
 * @param value the header's value, as `Headers.get` returns it.
 * @param now the current time in milliseconds since the epoch (the transport's clock).
 *
 * @example
 * ```ts
 * parseRetryAfter('1.5', Date.now()); // 1500
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.now()); // ms until then, or 0
 * ```
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const seconds = secondsPattern.exec(value);
  if (seconds !== null) return Math.max(0, Math.ceil(Number(seconds[1]) * 1000));
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  // HTTP dates are GMT; the obsolete asctime form (`Sun Nov  6 08:49:37 1994`) says no zone, and Date.parse
  // would read it in the machine's local time.
  const at = Date.parse(/(?:GMT|UTC|Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
