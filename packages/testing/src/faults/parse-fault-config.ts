import type { FaultConfig } from './fault-types';

const rateKeys = [
  'networkErrorRate',
  'rateLimitRate',
  'stallRate',
  'wsDropRate',
  'wsHalfOpenRate',
  'wsCorruptRate',
] as const;
const msKeys = ['latencyMs', 'latencyJitterMs', 'rateLimitRetryAfterSeconds'] as const;
const known = new Set<string>([...rateKeys, ...msKeys, 'errorRates', 'failurePoint', 'paths']);

const isRate = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;

/**
 * Checks a fault configuration that came from outside (the simulator's `--faults` JSON). Returns the config,
 * or a sentence saying what is wrong with it.
 *
 * @example
 * parseFaultConfig(JSON.parse('{"errorRates":{"503":0.1}}')) // { errorRates: { 503: 0.1 } }
 */
export function parseFaultConfig(input: unknown): FaultConfig | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'faults must be a JSON object';
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!known.has(key)) return `unknown fault "${key}"`;
  }
  for (const key of rateKeys) {
    if (record[key] !== undefined && !isRate(record[key])) return `${key} must be a probability from 0 to 1`;
  }
  for (const key of msKeys) {
    const value = record[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      return `${key} must be a number of 0 or more`;
    }
  }
  const { errorRates, failurePoint, paths } = record;
  if (errorRates !== undefined) {
    if (typeof errorRates !== 'object' || errorRates === null || Array.isArray(errorRates)) {
      return 'errorRates must map HTTP statuses to probabilities, e.g. {"503":0.1}';
    }
    for (const [status, rate] of Object.entries(errorRates)) {
      if (!/^[1-5]\d\d$/.test(status) || !isRate(rate)) {
        return 'errorRates must map HTTP statuses to probabilities, e.g. {"503":0.1}';
      }
    }
  }
  if (failurePoint !== undefined && failurePoint !== 'before' && failurePoint !== 'after') {
    return 'failurePoint must be "before" or "after"';
  }
  if (paths !== undefined && (!Array.isArray(paths) || !paths.every((path) => typeof path === 'string'))) {
    return 'paths must be a list of path prefixes';
  }
  return record as FaultConfig;
}
