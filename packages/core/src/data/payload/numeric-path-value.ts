import type { JsonValue } from '../json/json.js';

/**
 * A value selected by a `…Path` field as AWS's runtime reads it before converting it to a number:
 * a string as its own text, anything else as its JSON. AWS's causes quote this text.
 */
export function pathValueText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;
const INT32_MAX = 2 ** 31 - 1;

/**
 * Reads a selected value as a 32-bit integer the way AWS does for `MaxConcurrencyPath` and
 * `ToleratedFailureCountPath`: from its text, so a numeric string such as `"5"` counts and a
 * fraction such as `1.5` does not. Undefined when the text is not an integer in range.
 */
export function parsePathInteger(value: JsonValue): number | undefined {
  const text = pathValueText(value);
  if (!INTEGER_TEXT.test(text)) return undefined;
  const parsed = Number(text);
  return Math.abs(parsed) <= INT32_MAX + (parsed < 0 ? 1 : 0) ? parsed : undefined;
}

/**
 * Reads a selected value as a float the way AWS does for `ToleratedFailurePercentagePath`: from its
 * text (surrounding blanks ignored), accepting decimal and exponent forms and numeric strings.
 * Undefined when the text is not a number.
 */
export function parsePathFloat(value: JsonValue): number | undefined {
  const text = pathValueText(value).trim();
  if (!FLOAT_TEXT.test(text)) return undefined;
  return Number(text.replace(/[fFdD]$/, ''));
}

/**
 * Reads a selected value as a 64-bit integer, as AWS does for a Wait's `SecondsPath`: only a JSON
 * number with no fraction whose magnitude fits a long. Undefined otherwise.
 */
export function parsePathLong(value: JsonValue): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  return Math.abs(value) < 2 ** 63 ? value : undefined;
}
