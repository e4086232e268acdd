import { describe, expect, it } from 'vitest';
import { isValidationError } from '../errors/validation-error';
import { isNearBirthday, nearestBirthdayYear } from './birthday';

const on = (year: number, month: number, day: number) => ({ year, month, day });

describe('nearestBirthdayYear', () => {
  it('names the birthday a date around the new year belongs to', () => {
    expect(nearestBirthdayYear(on(2026, 12, 29), '1990-12-30')).toBe(2026);
    expect(nearestBirthdayYear(on(2027, 1, 1), '1990-12-30')).toBe(2026);
    expect(nearestBirthdayYear(on(2027, 12, 30), '1990-12-30')).toBe(2027);
    expect(nearestBirthdayYear(on(2026, 12, 30), '2001-01-02')).toBe(2027);
    expect(nearestBirthdayYear(on(2026, 6, 15), '1990-03-14')).toBe(2026);
  });
});

describe('isNearBirthday', () => {
  it('covers exactly daysAround days either side of the birthday', () => {
    expect(isNearBirthday(on(2026, 3, 11), '1990-03-14', 3)).toBe(true);
    expect(isNearBirthday(on(2026, 3, 17), '1990-03-14', 3)).toBe(true);
    expect(isNearBirthday(on(2026, 3, 10), '1990-03-14', 3)).toBe(false);
    expect(isNearBirthday(on(2026, 3, 18), '1990-03-14', 3)).toBe(false);
    expect(isNearBirthday(on(2026, 3, 14), '1990-03-14', 0)).toBe(true);
    expect(isNearBirthday(on(2026, 3, 15), '1990-03-14', 0)).toBe(false);
  });

  it('reaches across New Year in both directions', () => {
    expect(isNearBirthday(on(2027, 1, 2), '1985-12-30', 3)).toBe(true);
    expect(isNearBirthday(on(2027, 1, 3), '1985-12-30', 3)).toBe(false);
    expect(isNearBirthday(on(2026, 12, 30), '2001-01-02', 3)).toBe(true);
    expect(isNearBirthday(on(2026, 12, 29), '2001-01-02', 3)).toBe(false);
  });

  it('celebrates 29 February on 28 February in years without one', () => {
    expect(isNearBirthday(on(2026, 2, 28), '1992-02-29', 0)).toBe(true);
    expect(isNearBirthday(on(2026, 3, 3), '1992-02-29', 3)).toBe(true);
    expect(isNearBirthday(on(2026, 3, 4), '1992-02-29', 3)).toBe(false);
    expect(isNearBirthday(on(2028, 2, 28), '1992-02-29', 0)).toBe(false); // 2028 has a 29 February
    expect(isNearBirthday(on(2028, 2, 29), '1992-02-29', 0)).toBe(true);
  });

  it('rejects birth dates that do not exist', () => {
    for (const bad of ['1990-02-30', '1991-02-29', '1990-13-01', '14/03/1990']) {
      try {
        isNearBirthday(on(2026, 3, 14), bad, 3);
        throw new Error(`accepted ${bad}`);
      } catch (error) {
        expect(isValidationError(error) && error.issues[0]?.code).toBe('invalid_date');
      }
    }
  });
});
