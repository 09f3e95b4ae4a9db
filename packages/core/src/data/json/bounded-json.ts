import type { JsonValue } from './json.js';

/**
 * How deeply JSON that enters statefold may nest arrays and objects: execution input, definitions,
 * task results, and what `States.StringToJson` and `$parse` read. Much of the engine walks JSON
 * recursively (payload templates, paths, equality, canonical hashing), so an unbounded depth
 * would end in a stack overflow; 1000 is far above any real payload and leaves every walk, with
 * a definition's own nesting on top, well inside Node's stack.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * JSON text read within the bounds: its value, or why it was refused (`syntax`: not JSON at all;
 * `bounds`: too deep or a number out of range), with a sentence for the message.
 */
export type BoundedJson =
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly reason: 'syntax' | 'bounds'; readonly problem: string };

/**
 * Parses JSON text that nests at most `maxDepth` levels and whose numbers all fit a double. Pure.
 * `JSON.parse` itself would read `1e400` as `Infinity` (which serialises as `null`, a silent change
 * of the data), so such a number is refused by name instead.
 */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): BoundedJson {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    return { ok: false, reason: 'syntax', problem: error instanceof Error ? error.message : String(error) };
  }
  const problem = jsonBoundsProblem(text, maxDepth);
  return problem === undefined ? { ok: true, value } : { ok: false, reason: 'bounds', problem };
}

/**
 * Why valid JSON `text` is out of bounds (nested deeper than `maxDepth`, or a number no double can
 * hold), or `undefined`. One pass over the text, without recursion, so any depth is safe to check.
 */
export function jsonBoundsProblem(text: string, maxDepth = MAX_JSON_DEPTH): string | undefined {
  return scanJson(text, maxDepth, true);
}

/**
 * True when JSON `text` nests arrays and objects deeper than `maxDepth`. One pass without
 * recursion, and none at all for text too short to nest that deep (each level takes two
 * characters). Pure.
 */
export function jsonNestsDeeperThan(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  return text.length > 2 * maxDepth && scanJson(text, maxDepth, false) !== undefined;
}

/** The sentence every refusal of too deep JSON uses. */
export function nestingProblem(maxDepth = MAX_JSON_DEPTH): string {
  return `The JSON nests arrays and objects more than ${maxDepth} levels deep`;
}

const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

function scanJson(text: string, maxDepth: number, checkNumbers: boolean): string | undefined {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      index = endOfString(text, index);
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      if (++depth > maxDepth) return nestingProblem(maxDepth);
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth--;
    } else if (checkNumbers && (char === MINUS || (char >= DIGIT_0 && char <= DIGIT_9))) {
      const end = endOfNumber(text, index);
      const problem = numberProblem(text.slice(index, end));
      if (problem !== undefined) return problem;
      index = end - 1;
    }
  }
  return undefined;
}

function numberProblem(number: string): string | undefined {
  // Only an exponent or more than 308 digits can overflow; shorter plain numbers need no conversion.
  if (number.length <= 308 && !number.includes('e') && !number.includes('E')) return undefined;
  if (Number.isFinite(Number(number))) return undefined;
  return `The number ${number} is out of range: a JSON number must lie within ±1.7976931348623157e308`;
}

// The index of the quote that closes the string opened at `start` (the text's end when none does):
// the next quote not escaped by an odd number of backslashes, found by native search.
function endOfString(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

// The index just past the number token that starts at `start`.
function endOfNumber(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    const isNumberChar =
      (char >= DIGIT_0 && char <= DIGIT_9) ||
      char === 0x2e ||
      char === 0x65 ||
      char === 0x45 ||
      char === 0x2b ||
      char === MINUS;
    if (!isNumberChar) break;
    index++;
  }
  return index;
}
