import { constantTimeEqual, hmacSha256, toHex } from './sha256';

/** How far a signature's `t` may be from the platform's clock, in seconds (protocol §2). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

/**
 * Checks a `Loyalty-Link-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` header
 * against the exact bytes received, in constant time. Several `v1` values are allowed (secret rotation).
 */
export function verifySignature(secret: string, header: string | undefined, body: Uint8Array, nowMs: number): boolean {
  if (header === undefined) return false;
  let timestamp: string | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && value !== undefined) timestamp = value;
    if (name === 'v1' && value !== undefined) candidates.push(value.toLowerCase());
  }
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || candidates.length === 0) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const prefix = encoder.encode(`${timestamp}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix);
  message.set(body, prefix.length);
  const expected = toHex(hmacSha256(encoder.encode(secret), message));
  // Every candidate is compared, so the time taken does not say which one matched.
  let matched = false;
  for (const candidate of candidates) matched = constantTimeEqual(expected, candidate) || matched;
  return matched;
}
