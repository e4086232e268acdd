import { type Clock, createProtocolPort, type Level0Port, type Logger, type Random } from '@loyalty-link/core';
import type { PlatformConnection } from '../options';

/** @internal A level-0 port from the `platform` option: the port itself, or protocol v1 over HTTP. */
export function resolvePort(
  platform: PlatformConnection | Level0Port,
  defaults: {
    logger: Logger;
    clock: Clock;
    random: Random;
    attemptTimeoutMs: number;
    deadlineMs: number;
    maxRetryAfterMs: number;
  },
): Level0Port {
  if ('sendTransactions' in platform) return platform;
  return createProtocolPort({
    baseUrl: platform.baseUrl,
    apiKey: platform.apiKey,
    ...(platform.signingSecret === undefined ? {} : { signingSecret: platform.signingSecret }),
    ...(platform.allowInsecureHttp === undefined ? {} : { allowInsecureHttp: platform.allowInsecureHttp }),
    ...(platform.fetch === undefined ? {} : { fetch: platform.fetch }),
    logger: defaults.logger,
    clock: defaults.clock,
    random: defaults.random,
    attemptTimeoutMs: defaults.attemptTimeoutMs,
    deadlineMs: defaults.deadlineMs,
    // The transport honours as long a Retry-After as the outbox does (its own default clamps to a minute).
    maxRetryAfterMs: defaults.maxRetryAfterMs,
    // The outbox retries forever with its own, persisted backoff; the transport only rides out hiccups.
    maxRetries: 2,
  });
}
