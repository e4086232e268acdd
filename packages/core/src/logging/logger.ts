import { redact, redactValue } from './redact';

/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** The level of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where the SDK writes what it does. Plug in pino, winston or your register's own logger; every line
 * reaches it already redacted (no API keys, signatures, phone numbers or email addresses).
 *
 * @example
 * ```ts
 * const logger: Logger = {
 *   debug: (msg, fields) => pino.debug(fields, msg),
 *   info: (msg, fields) => pino.info(fields, msg),
 *   warn: (msg, fields) => pino.warn(fields, msg),
 *   error: (msg, fields) => pino.error(fields, msg),
 * };
 * ```
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const noop = (): void => {};

/** A logger that discards everything. The default. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger that writes to the console at `minLevel` and above. */
export function consoleLogger(minLevel: LogLevel = 'info'): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (levelRank[level] < levelRank[minLevel]) return;
      const line = `[loyalty-link] ${message}`;
      if (fields === undefined) console[level](line);
      else console[level](line, fields);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Wraps a logger so that every message and field is redacted before it arrives. Clients wrap the logger
 * they are given with this, so user loggers never see secrets or personal data.
 */
export function redactingLogger(inner: Logger): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (fields === undefined) inner[level](redact(message));
      else inner[level](redact(message), redactValue(fields) as LogFields);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
