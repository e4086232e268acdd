import { ValidationError } from '../errors/validation-error';

/** A moment as read on a wall clock in one time zone. */
export interface LocalDateTime {
  /** Calendar year, e.g. `2026`. */
  year: number;
  /** Month, 1 = January … 12 = December. */
  month: number;
  /** Day of the month, 1–31. */
  day: number;
  /** Day of the week, 0 = Sunday … 6 = Saturday (the convention of `TimeWindow.daysOfWeek`). */
  weekday: number;
  /** Minutes since local midnight, 0–1439. */
  minuteOfDay: number;
}

// Constructing an Intl.DateTimeFormat costs far more than formatting with one, and rules are evaluated for
// every sale, so each time zone gets one formatter. Only valid zones are cached: invalid ones throw first.
const formatters = new Map<string, Intl.DateTimeFormat>();

// `en-US` only fixes the weekday names parsed below; the values themselves do not depend on the locale.
const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached !== undefined) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch (error) {
    // Intl reports an unknown zone as a RangeError; callers branch on the SDK's own errors instead.
    throw new ValidationError(
      'program',
      [
        {
          path: ['timeZone'],
          code: 'invalid_time_zone',
          message: 'must be an IANA time zone such as Europe/Amsterdam',
        },
      ],
      { cause: error },
    );
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/**
 * Checks that `timeZone` is an IANA time zone the runtime knows, throwing a `ValidationError` with the
 * issue code `invalid_time_zone` otherwise. The evaluators call it up front so that a misconfigured program
 * fails the same way whether or not any of its rules happens to have a window.
 */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/**
 * Parses an ISO 8601 timestamp with an offset into epoch milliseconds. Throws a `ValidationError`
 * (`invalid_timestamp`) for anything `Date` cannot read, instead of comparing against `NaN`.
 */
export function parseInstant(at: string, path: string): number {
  const epochMs = Date.parse(at);
  if (Number.isNaN(epochMs)) {
    throw new ValidationError('timestamp', [
      { path: [path], code: 'invalid_timestamp', message: 'must be an ISO 8601 timestamp with an offset' },
    ]);
  }
  return epochMs;
}

/**
 * The wall-clock date, weekday and time of `epochMs` in `timeZone`, daylight saving time included.
 * Throws a `ValidationError` (`invalid_time_zone`) for an unknown zone.
 *
 * @example
 * toLocalDateTime(Date.parse('2026-03-14T23:30:00Z'), 'Europe/Amsterdam')
 * // { year: 2026, month: 3, day: 15, weekday: 0, minuteOfDay: 30 } (already Sunday in Amsterdam)
 */
export function toLocalDateTime(epochMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) parts[part.type] = part.value;
  const number = (type: string): number => Number.parseInt(parts[type] ?? '', 10);
  // Some older ICU builds print midnight as 24 even with h23; modulo keeps the day's minutes in range.
  const hour = number('hour') % 24;
  return {
    year: number('year'),
    month: number('month'),
    day: number('day'),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? Number.NaN,
    minuteOfDay: hour * 60 + number('minute'),
  };
}
