import { describe, expect, it } from 'vitest';
import { issueCodes } from '../../test/failures';
import { isWithinWindow } from './time-window';
import { toLocalDateTime } from './zoned-time';

const AMS = 'Europe/Amsterdam';

describe('isWithinWindow', () => {
  it('treats a missing or empty window as always open', () => {
    expect(isWithinWindow(undefined, '2026-03-11T09:30:00+01:00', AMS)).toBe(true);
    expect(isWithinWindow({}, '2026-03-11T09:30:00+01:00', AMS)).toBe(true);
  });

  it('includes `from` and excludes `until`, comparing instants whatever their offsets', () => {
    const window = { from: '2026-03-14T10:00:00+01:00', until: '2026-03-15T00:00:00+01:00' };
    expect(isWithinWindow(window, '2026-03-14T09:59:59+01:00', AMS)).toBe(false);
    expect(isWithinWindow(window, '2026-03-14T09:00:00Z', AMS)).toBe(true); // = 10:00 in Amsterdam
    expect(isWithinWindow(window, '2026-03-14T22:59:59Z', AMS)).toBe(true);
    expect(isWithinWindow(window, '2026-03-14T23:00:00Z', AMS)).toBe(false); // = midnight, the end
  });

  it('reads the day of the week in the program time zone, not in UTC or the offset given', () => {
    // Saturday 23:30 UTC is Sunday 00:30 in Amsterdam.
    expect(isWithinWindow({ daysOfWeek: [0] }, '2026-03-14T23:30:00Z', AMS)).toBe(true);
    expect(isWithinWindow({ daysOfWeek: [6] }, '2026-03-14T23:30:00Z', AMS)).toBe(false);
    // The same instant is still Saturday in New York.
    expect(isWithinWindow({ daysOfWeek: [6] }, '2026-03-14T23:30:00Z', 'America/New_York')).toBe(true);
  });

  it('opens a happy hour at fromTime and closes it at untilTime (exclusive), local time', () => {
    const happyHour = { fromTime: '17:00', untilTime: '19:00' };
    expect(isWithinWindow(happyHour, '2026-03-11T16:59:00+01:00', AMS)).toBe(false);
    expect(isWithinWindow(happyHour, '2026-03-11T17:00:00+01:00', AMS)).toBe(true);
    expect(isWithinWindow(happyHour, '2026-03-11T18:59:59+01:00', AMS)).toBe(true);
    expect(isWithinWindow(happyHour, '2026-03-11T19:00:00+01:00', AMS)).toBe(false);
  });

  it('keeps local clock times across the switch to summer time', () => {
    const happyHour = { fromTime: '17:00', untilTime: '19:00' };
    // Amsterdam moves from UTC+1 to UTC+2 on 29 March 2026.
    expect(isWithinWindow(happyHour, '2026-03-27T16:30:00Z', AMS)).toBe(true); // 17:30 CET
    expect(isWithinWindow(happyHour, '2026-03-30T15:30:00Z', AMS)).toBe(true); // 17:30 CEST
    expect(isWithinWindow(happyHour, '2026-03-30T16:30:00Z', AMS)).toBe(true); // 18:30 CEST
    expect(isWithinWindow(happyHour, '2026-03-30T17:30:00Z', AMS)).toBe(false); // 19:30 CEST
  });

  it('wraps midnight when fromTime is after untilTime, counting the small hours to the day it started', () => {
    const fridayNight = { daysOfWeek: [5], fromTime: '22:00', untilTime: '02:00' };
    expect(isWithinWindow(fridayNight, '2026-03-13T21:59:00+01:00', AMS)).toBe(false);
    expect(isWithinWindow(fridayNight, '2026-03-13T23:00:00+01:00', AMS)).toBe(true); // Friday 23:00
    expect(isWithinWindow(fridayNight, '2026-03-14T01:59:00+01:00', AMS)).toBe(true); // Saturday 01:59
    expect(isWithinWindow(fridayNight, '2026-03-14T02:00:00+01:00', AMS)).toBe(false);
    expect(isWithinWindow(fridayNight, '2026-03-13T01:00:00+01:00', AMS)).toBe(false); // Thursday's night
    expect(isWithinWindow(fridayNight, '2026-03-14T23:00:00+01:00', AMS)).toBe(false); // Saturday 23:00
  });

  it('reads a lone fromTime as "until midnight", a lone untilTime as "from midnight", equal times as never', () => {
    expect(isWithinWindow({ fromTime: '12:00' }, '2026-03-11T11:59:00+01:00', AMS)).toBe(false);
    expect(isWithinWindow({ fromTime: '12:00' }, '2026-03-11T23:59:00+01:00', AMS)).toBe(true);
    expect(isWithinWindow({ untilTime: '10:00' }, '2026-03-11T00:00:00+01:00', AMS)).toBe(true);
    expect(isWithinWindow({ untilTime: '10:00' }, '2026-03-11T10:00:00+01:00', AMS)).toBe(false);
    expect(isWithinWindow({ fromTime: '10:00', untilTime: '10:00' }, '2026-03-11T10:00:00+01:00', AMS)).toBe(false);
  });

  it('requires every part of the window at once', () => {
    const window = { from: '2026-03-01T00:00:00+01:00', daysOfWeek: [3], fromTime: '09:00', untilTime: '11:00' };
    expect(isWithinWindow(window, '2026-03-11T09:30:00+01:00', AMS)).toBe(true); // Wednesday
    expect(isWithinWindow(window, '2026-03-12T09:30:00+01:00', AMS)).toBe(false); // Thursday
    expect(isWithinWindow(window, '2026-02-25T09:30:00+01:00', AMS)).toBe(false); // before `from`
    expect(isWithinWindow(window, '2026-03-11T11:30:00+01:00', AMS)).toBe(false); // after the hours
  });

  it('rejects an unknown time zone with a ValidationError, not a RangeError, even for an empty window', () => {
    expect(issueCodes(() => isWithinWindow({ daysOfWeek: [1] }, '2026-03-11T09:30:00Z', 'Europe/Atlantis'))).toEqual([
      'invalid_time_zone',
    ]);
    expect(issueCodes(() => isWithinWindow(undefined, '2026-03-11T09:30:00Z', 'Mars/Olympus'))).toEqual([
      'invalid_time_zone',
    ]);
  });

  it('rejects a timestamp it cannot read instead of treating it as outside every window', () => {
    expect(issueCodes(() => isWithinWindow({}, 'next tuesday', AMS))).toEqual(['invalid_timestamp']);
  });
});

describe('toLocalDateTime', () => {
  it('gives the local date, weekday and minutes, around midnight and DST', () => {
    expect(toLocalDateTime(Date.parse('2026-03-14T23:30:00Z'), AMS)).toEqual({
      year: 2026,
      month: 3,
      day: 15,
      weekday: 0,
      minuteOfDay: 30,
    });
    expect(toLocalDateTime(Date.parse('2026-03-29T01:00:00Z'), AMS).minuteOfDay).toBe(3 * 60); // 03:00 CEST
  });
});
