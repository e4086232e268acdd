import { ConfigurationError } from '../errors/validation-error';

/** Signs request bodies for the `Loyalty-Link-Signature` header. */
export interface BodySigner {
  /** The header value `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
  sign(timestampSeconds: number, body: string): Promise<string>;
}

const encoder = new TextEncoder();

function subtleCrypto(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
}

function toHex(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let out = '';
  for (const byte of view) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * Creates a signer for protocol v1 body signatures (docs/protocol.md §2) with WebCrypto, which every
 * supported runtime has. The key is imported once, on first use.
 *
 * Throws a {@link ConfigurationError} `signing_unavailable` when WebCrypto is missing, which is the case in
 * a browser page served over plain HTTP (not a secure context): a platform that requires signatures would
 * refuse every request, so it is better to fail when the client is created.
 *
 * @example
 * ```ts
 * const signer = createBodySigner(secret);
 * headers['Loyalty-Link-Signature'] = await signer.sign(Math.floor(Date.now() / 1000), body);
 * ```
 */
export function createBodySigner(secret: string): BodySigner {
  const subtle = subtleCrypto();
  if (subtle === undefined) {
    throw new ConfigurationError(
      'signing_unavailable',
      'signingSecret needs WebCrypto (crypto.subtle), which this runtime does not provide; in a browser, serve the page over https',
    );
  }
  let key: Promise<CryptoKey> | undefined;
  return {
    async sign(timestampSeconds, body) {
      key ??= subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const t = String(timestampSeconds);
      const mac = await subtle.sign('HMAC', await key, encoder.encode(`${t}.${body}`));
      return `t=${t},v1=${toHex(mac)}`;
    },
  };
}
