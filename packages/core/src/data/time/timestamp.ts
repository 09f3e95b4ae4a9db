/**
 * An instant with sub-millisecond precision kept exactly: whole seconds since the epoch and the
 * fraction as a nine-digit nanosecond count, so `…55.123456789Z` and `…55.123456788Z` differ.
 */
export interface PreciseInstant {
  readonly epochSeconds: number;
  readonly nanoseconds: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

// Date.UTC reads the years 0–99 as 1900–1999; 400 Gregorian years later falls on the same days,
// and is exactly this many seconds later.
const FOUR_CENTURIES_SECONDS = 146_097 * 86_400;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year + 400, month, 0)).getUTCDate();
}

/**
 * Parses an RFC 3339 timestamp (`2016-03-14T01:59:00Z`, `…T01:59:00.123456+01:00`); a time zone is
 * required, as AWS requires one. Pure; returns `undefined` for anything else.
 */
export function parseTimestamp(text: string): PreciseInstant | undefined {
  const match = RFC3339.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zulu, sign, offsetHours = '0', offsetMinutes = '0'] =
    match;
  const numbers = [year, month, day, hour, minute, second].map(Number);
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = numbers;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const oh = Number(offsetHours);
  const om = Number(offsetMinutes);
  if (oh > 23 || om > 59) return undefined;
  const offsetSeconds = zulu === undefined ? (sign === '-' ? -1 : 1) * (oh * 3600 + om * 60) : 0;
  const epochSeconds = Date.UTC(y + 400, mo - 1, d, h, mi, s) / 1000 - FOUR_CENTURIES_SECONDS - offsetSeconds;
  return { epochSeconds, nanoseconds: Number(fraction.padEnd(9, '0')) };
}

/** True when `text` is an RFC 3339 timestamp AWS accepts. */
export function isTimestamp(text: string): boolean {
  return parseTimestamp(text) !== undefined;
}

/** Orders two instants: negative, zero or positive. */
export function compareInstants(left: PreciseInstant, right: PreciseInstant): number {
  return left.epochSeconds - right.epochSeconds || left.nanoseconds - right.nanoseconds;
}
