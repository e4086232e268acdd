// Retry-After in the obsolete asctime form is a GMT date (RFC 9110 §5.6.7), whatever the register's time zone.
import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/transport/retry-after';

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

const now = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('Retry-After as an asctime HTTP date (GMT by definition)', () => {
  it.each(['America/New_York', 'Europe/Amsterdam', 'UTC'])('means 10 s on a register in %s', (tz) => {
    process.env.TZ = tz;
    expect(parseRetryAfter('Thu Jan  1 00:00:10 2026', now)).toBe(10_000);
  });

  it('reads the IMF-fixdate form in GMT whatever the zone', () => {
    process.env.TZ = 'America/New_York';
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
  });
});
