import { toLocalDateTime } from '@loyalty-link/core';

/** The calendar year of `epochMs` in `timeZone` (tiers count qualifying points per local calendar year). */
export function localYear(epochMs: number, timeZone: string): number {
  return toLocalDateTime(epochMs, timeZone).year;
}
