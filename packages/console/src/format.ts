/** A date as the console shows it: local time, to the millisecond. */
export function formatDate(value: Date | string | undefined): string {
  if (value === undefined) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
  } as Intl.DateTimeFormatOptions);
}

/** The name at the end of an ARN (a state machine's or an execution's). */
export function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/** JSON text pretty-printed when it parses, as it is otherwise. */
export function prettyJson(text: string | undefined): string {
  if (text === undefined) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
