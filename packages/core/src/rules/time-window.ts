import type { TimeWindow } from '../schemas/program';
import { assertTimeZone, parseInstant, toLocalDateTime } from './zoned-time';

const MINUTES_PER_DAY = 24 * 60;

function clockMinutes(time: string): number {
  // The schema guarantees "HH:MM"; slicing avoids a second regex on a hot path.
  return Number.parseInt(time.slice(0, 2), 10) * 60 + Number.parseInt(time.slice(3, 5), 10);
}

/**
 * Whether `at` falls inside `window`, reading days of the week and clock times in the program's `timeZone`.
 *
 * - `from` is inclusive and `until` exclusive; both are instants, so their offsets matter and the zone does not.
 * - `daysOfWeek` (0 = Sunday) and `fromTime`/`untilTime` (`HH:MM`, `untilTime` exclusive) are read on the
 *   local wall clock, so a 17:00–19:00 happy hour stays 17:00–19:00 across daylight saving changes.
 * - Only `fromTime` means "from then until midnight"; only `untilTime` means "from midnight until then";
 *   equal times make an empty (never open) range, as a half-open interval `[from, until)` would.
 * - When `fromTime` is after `untilTime` the range wraps midnight, and its early-morning part belongs to the
 *   day it started: "Fridays 22:00–02:00" is open at 01:00 on Saturday and not at 01:00 on Friday, which is
 *   what a merchant configuring a Friday-night promotion means.
 * - An absent or empty window is always open.
 *
 * Throws a `ValidationError` (issue code `invalid_time_zone`) for an unknown time zone, even when the
 * window is empty, so a broken program fails at once rather than on the first windowed rule.
 *
 * @example
 * // Weekend double points in Amsterdam: Saturday 23:30 UTC is already Sunday 00:30 local time.
 * isWithinWindow({ daysOfWeek: [0, 6] }, '2026-03-14T23:30:00Z', 'Europe/Amsterdam') // true
 * isWithinWindow({ fromTime: '22:00', untilTime: '02:00', daysOfWeek: [5] }, '2026-03-14T01:00:00+01:00', 'Europe/Amsterdam') // true (Friday night)
 */
export function isWithinWindow(window: TimeWindow | undefined, at: string, timeZone: string): boolean {
  assertTimeZone(timeZone);
  const epochMs = parseInstant(at, 'at');
  if (window === undefined) return true;
  if (window.from !== undefined && epochMs < parseInstant(window.from, 'from')) return false;
  if (window.until !== undefined && epochMs >= parseInstant(window.until, 'until')) return false;
  const { daysOfWeek, fromTime, untilTime } = window;
  if (daysOfWeek === undefined && fromTime === undefined && untilTime === undefined) return true;

  const local = toLocalDateTime(epochMs, timeZone);
  const minute = local.minuteOfDay;
  const start = fromTime === undefined ? 0 : clockMinutes(fromTime);
  const end = untilTime === undefined ? MINUTES_PER_DAY : clockMinutes(untilTime);

  // Which local day the open range started on: the previous day for the after-midnight part of a wrap.
  let startedOn: number;
  if (start <= end) {
    if (minute < start || minute >= end) return false;
    startedOn = local.weekday;
  } else if (minute >= start) {
    startedOn = local.weekday;
  } else if (minute < end) {
    startedOn = (local.weekday + 6) % 7;
  } else {
    return false;
  }
  return daysOfWeek === undefined || daysOfWeek.includes(startedOn);
}
