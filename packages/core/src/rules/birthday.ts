import { ValidationError } from '../errors/validation-error';

const MS_PER_DAY = 86_400_000;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Not through Date.UTC, which reads the years 0-99 as 1900-1999: `0000-02-29`, a common "year unknown"
// birth date, would be refused (1900 was not a leap year).
function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

// Whole days since the epoch of a calendar date: differences between them are exact day counts, with no
// time zone or daylight saving time involved.
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** A birthday: the month (1–12) and day of a birth date. */
export interface Birthday {
  month: number;
  day: number;
}

/**
 * Parses a `YYYY-MM-DD` birth date into its month and day. Throws a `ValidationError` (`invalid_date`) for
 * a malformed date or one that does not exist (`1990-02-30`, `1991-02-29`).
 */
export function parseBirthDate(birthDate: string): Birthday {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (match === null || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new ValidationError('birth date', [
      { path: ['birthDate'], code: 'invalid_date', message: 'must be a real calendar date as YYYY-MM-DD' },
    ]);
  }
  return { month, day };
}

/** The day a birthday is celebrated in `year`: 29 February falls back to 28 February outside leap years. */
function birthdayIn(year: number, month: number, day: number): number {
  const celebrated = month === 2 && day === 29 && !isLeapYear(year) ? 28 : day;
  return dayNumber(year, month, celebrated);
}

/**
 * The year of the customer's birthday nearest to the local calendar date `date`: the birthday a bonus
 * around `date` belongs to. A sale on 1 January 2027 of a customer born on 30 December belongs to the 2026
 * birthday, so a platform that gives the bonus once per birthday keys it by this year, not by the year of
 * the sale. Throws a `ValidationError` (`invalid_date`) for a malformed `birthDate` string.
 *
 * @example
 * nearestBirthdayYear({ year: 2027, month: 1, day: 1 }, '1990-12-30') // 2026
 */
export function nearestBirthdayYear(
  date: { year: number; month: number; day: number },
  birthDate: Birthday | string,
): number {
  const birth = typeof birthDate === 'string' ? parseBirthDate(birthDate) : birthDate;
  const today = dayNumber(date.year, date.month, date.day);
  let nearest = date.year;
  for (const year of [date.year - 1, date.year + 1]) {
    const distance = Math.abs(today - birthdayIn(year, birth.month, birth.day));
    if (distance < Math.abs(today - birthdayIn(nearest, birth.month, birth.day))) nearest = year;
  }
  return nearest;
}

/**
 * Whether the local calendar date `date` is at most `daysAround` days before or after the customer's
 * birthday. The birthday of the year before and the year after count too, so a 30 December birthday
 * with `daysAround: 3` covers 2 January, and a 29 February birthday is celebrated on 28 February in
 * years without one. Throws a `ValidationError` (`invalid_date`) for a malformed `birthDate` string.
 *
 * @example
 * isNearBirthday({ year: 2027, month: 1, day: 2 }, '1990-12-30', 3) // true
 */
export function isNearBirthday(
  date: { year: number; month: number; day: number },
  birthDate: Birthday | string,
  daysAround: number,
): boolean {
  const birth = typeof birthDate === 'string' ? parseBirthDate(birthDate) : birthDate;
  const today = dayNumber(date.year, date.month, date.day);
  for (const year of [date.year - 1, date.year, date.year + 1]) {
    if (Math.abs(today - birthdayIn(year, birth.month, birth.day)) <= daysAround) return true;
  }
  return false;
}
