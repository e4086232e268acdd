import type { StreamPosition, ValidationIssue } from '@loyalty-link/core';

/** A query parameter that passed its check, or the issue. */
export type QueryValue<T> = { ok: true; value: T } | { ok: false; issue: ValidationIssue };

/** An integer query parameter in `[min, max]`, `fallback` when absent. */
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): QueryValue<number> {
  const raw = query.get(name);
  if (raw === null) return { ok: true, value: fallback };
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    return {
      ok: false,
      issue: { path: [name], code: 'invalid_value', message: `must be an integer from ${min} to ${max}` },
    };
  }
  return { ok: true, value: Number(raw) };
}

/** The `after=<epoch>:<seq>` of `GET /v1/events`; undefined when absent. */
export function positionParam(query: URLSearchParams, name: string): QueryValue<StreamPosition | undefined> {
  const raw = query.get(name);
  if (raw === null) return { ok: true, value: undefined };
  const split = raw.lastIndexOf(':');
  const epoch = raw.slice(0, split);
  const seq = raw.slice(split + 1);
  if (split <= 0 || epoch.length > 64 || !/^\d{1,15}$/.test(seq)) {
    return { ok: false, issue: { path: [name], code: 'invalid_format', message: 'must be <epoch>:<seq>' } };
  }
  return { ok: true, value: { epoch, seq: Number(seq) } };
}

/** A comma-separated list (`customerIds=a,b`), empty entries dropped. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return (query.get(name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
