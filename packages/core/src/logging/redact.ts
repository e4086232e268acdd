/**
 * Scrubbing of secrets and personal data. Every error message and every log line of the SDK passes through
 * here, so a phone number, an email address, an API key or a signature never reaches a log or a screen.
 */

const REDACTED = '[redacted]';

// Letters of any script: addresses on internationalised domains (jan@müller.de) and with non-ASCII local parts.
// Bounded by the lengths an address may have (64 before the @, 63 a label), so a long run of letters costs
// linear time, not quadratic.
const emailPattern = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}/gu;
// E.164 and the ways people write it: +31 6 1234 5678, +1 (555) 010-0199, 0031612345678.
const phonePattern = /(?:\+|\b00)[1-9](?:[\s()./-]{0,3}\d){6,14}\b/g;
// National forms with a trunk prefix: 06 1234 5678, 020 7946 0958, (030) 1234567, 0171/1234567. Nine to
// eleven digits starting 0 and 1-9, so dates (14-03-2026), zero-padded ids and longer numbers stay readable.
const trunkPhonePattern = /(?:\(0[1-9]\d{0,3}\)|\b0[1-9])(?:[\s./-]{0,2}\d){7,9}(?!\d)/g;
// North American forms: (555) 010-0199, (555) 010 0199, 555-010-0199, 555.010.0199.
const northAmericanPhonePattern = /(?:\(\d{3}\)\s?|\b\d{3}[.-])\d{3}[\s.-]\d{4}\b/g;
// Numbers written in groups separated by spaces, without a trunk prefix: 555 010 0199 (North America),
// 612 34 56 78 (Spain), 347 123 4567 (Italy). A group of three, then two or three groups of two to four
// digits, nine to eleven digits in all (see `redactGroupedPhone`). Dots and dashes are left to the patterns
// above: in groups, they are addresses (192.168.10.20) and article numbers (100-200-300) as often.
const groupedPhonePattern = /\b[1-9]\d{2}(?: \d{2,4}){2,3}\b/g;
const bearerPattern = /\b(Bearer|Basic)\s+[^\s,;"']+/gi;
const signaturePattern = /\bv1=[0-9a-fA-F]{16,}/g;
// Payment card numbers: 13 to 19 digits from a card network's range (2 to 6), as printed (in groups, with
// spaces or dashes) or not. Only those that pass the Luhn check are replaced, so order numbers stay readable.
const cardPattern = /\b[2-6](?:[ -]?\d){12,18}\b/g;
// API keys in the format our platform issues (ll_live_…, ll_test_…).
const apiKeyPattern = /\bll_(?:live|test)_[A-Za-z0-9_-]{8,}/g;

const secrets = new Set<string>();

/**
 * Tells the redactor about a secret (an API key, a signing secret) so that it is scrubbed from every
 * message and log line from now on, whatever its format. Clients call this with their own credentials.
 */
export function registerSecret(secret: string): void {
  // Very short values would blank out ordinary words; they are not credentials anyway.
  if (secret.length >= 6) secrets.add(secret);
}

/** Whether a run of digits passes the Luhn check that every payment card number passes. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function redactGroupedPhone(match: string, offset: number, text: string): string {
  const digits = match.length - (match.match(/ /g)?.length ?? 0);
  if (digits < 9 || digits > 11) return match;
  // Thousands in groups (150 000 000) with decimals, a currency code or points after them, or a currency
  // sign before: an amount.
  if (/^\d{3}(?: \d{3})+$/.test(match)) {
    const after = text.slice(offset + match.length, offset + match.length + 8);
    const before = text.slice(Math.max(0, offset - 2), offset);
    if (/^(?:[.,]\d|\s?[A-Z]{3}\b|\s?(?:points?|pts)\b)/.test(after) || /[€$£¥₹]\s?$/.test(before)) return match;
  }
  return '[phone]';
}

function redactCard(match: string): string {
  return passesLuhn(match.replace(/[ -]/g, '')) ? '[card]' : match;
}

/**
 * @internal `text` with its percent-escapes decoded, or as it is if they are malformed: a URI or a path
 * holds `%2B31…` and `…%40example.com`, which the patterns below recognise only once decoded.
 */
export function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Returns `text` with secrets, emails, phone numbers, payment card numbers, bearer tokens and signatures
 * replaced.
 */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  out = out
    .replace(bearerPattern, `$1 ${REDACTED}`)
    .replace(signaturePattern, `v1=${REDACTED}`)
    .replace(apiKeyPattern, REDACTED);
  // Most lines hold no address at all: skip the costliest pattern for them.
  if (out.includes('@')) out = out.replace(emailPattern, '[email]');
  return out
    .replace(phonePattern, '[phone]')
    .replace(trunkPhonePattern, '[phone]')
    .replace(northAmericanPhonePattern, '[phone]')
    .replace(cardPattern, redactCard)
    .replace(groupedPhonePattern, redactGroupedPhone);
}

const sensitiveKey =
  /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|apikey|secret|signing[-_]?secret|signature|x-loyalty-signature|token|access[-_]?token|password|phone|phone[-_]?number|email|e-?mail)$/i;

/**
 * Redacts a structured value for logging: fields whose name says they hold a secret or personal data
 * are replaced whole, strings are scrubbed, errors become `{ name, code, message }`.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= 6) return '[truncated]';
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      ...(typeof code === 'string' ? { code } : {}),
      message: redact(value.message),
    };
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = sensitiveKey.test(key) ? REDACTED : redactValue(field, depth + 1);
  }
  return out;
}
