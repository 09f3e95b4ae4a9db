const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * True when `text` is an RFC 3339 date-time with an offset (`2016-03-14T01:59:00Z`,
 * `2016-03-14T01:59:00.123+02:00`), as a Wait `Timestamp` and the Timestamp comparisons of a
 * Choice rule require. Checks the calendar too (no February 30th). Pure.
 */
export function isRfc3339Timestamp(text: string): boolean {
  const match = RFC3339.exec(text);
  if (match === null) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const offsetHours = match[9] === undefined ? 0 : Number(match[9]);
  const offsetMinutes = match[10] === undefined ? 0 : Number(match[10]);
  if (year === undefined || month === undefined || day === undefined) return false;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  // A leap second (60) is valid RFC 3339.
  if ((hour ?? 24) > 23 || (minute ?? 60) > 59 || (second ?? 61) > 60) return false;
  return offsetHours <= 23 && offsetMinutes <= 59;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
