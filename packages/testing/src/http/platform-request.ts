/** An HTTP request as any transport hands it to the platform. */
export interface PlatformRequest {
  /** `GET`, `POST`, … (any case). */
  method: string;
  /** The full URL, e.g. `https://platform.loyalty.test/v1/program?x=1`. */
  url: string;
  /** Request headers; names are matched case-insensitively. */
  headers: Record<string, string | readonly string[] | undefined>;
  /** The raw body: exactly the bytes received (signatures and fingerprints are computed over them). */
  body: string | Uint8Array;
  /**
   * Set by a transport that stopped reading the body at the size limit (the simulator streams bodies and
   * never buffers more than the limit): the request gets `413 payload_too_large`.
   * @default false
   */
  bodyTooLarge?: boolean;
}

/**
 * What the platform answers: a response, a connection reset, or nothing at all (a stall, until the client
 * gives up). The last two only come from injected faults.
 */
export type PlatformResponse =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'network_error' }
  | { kind: 'stall' };

/** A {@link PlatformResponse} that is a response. */
export type HttpAnswer = Extract<PlatformResponse, { kind: 'response' }>;
