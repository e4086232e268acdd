import * as z from 'zod/mini';

/** An ISO 4217 currency code, three upper-case letters, e.g. `EUR`. */
export const CurrencySchema = z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'));
/** An ISO 4217 currency code. */
export type Currency = z.infer<typeof CurrencySchema>;

/**
 * An identifier for a store, a register or a cashier: 1–64 characters of letters, digits, `.`, `_` and `-`,
 * starting with a letter or digit.
 */
export const IdentifierSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-"'));

/** A transaction id: 1–64 printable ASCII characters without spaces (receipt numbers such as `0042/2026`). */
export const TransactionIdSchema = z
  .string()
  .check(z.regex(/^[\x21-\x7E]{1,64}$/, 'must be 1-64 printable ASCII characters without spaces'));

/** An opaque id chosen by the platform (customer, hold, reward, wallet): 1–128 characters. */
export const OpaqueIdSchema = z.string().check(z.minLength(1), z.maxLength(128));

/** An ISO 8601 date-time with `Z` or a UTC offset, e.g. `2026-03-14T09:30:00+01:00`. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** An ISO 8601 calendar date, e.g. `1990-04-27`. */
export const DateSchema = z.iso.date();

/** Whole points, never negative. */
export const PointsSchema = z.int().check(z.nonnegative());

/** Free text shown to people (names, reasons), 1–200 characters. */
export const LabelSchema = z.string().check(z.minLength(1), z.maxLength(200));
