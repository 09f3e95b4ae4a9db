// A syntax checker for the JSONPath dialect of Amazon States Language (AWS evaluates paths with
// Jayway JsonPath). Parse time only checks the shape of a path; what it selects is data/'s concern.
//
// Path:           $ followed by segments: .name  .*  ..name  ..*  ['name'(,'name')*]  [n(,n)*]
//                 [start:end(:step)]  [*]  [?(filter)]  and a trailing function call .length()
// ReferencePath:  $ followed by .name  ['name']  [n] only: it must name a single node (ResultPath).
// A path may also start at the context object ($$) or at a variable ($name) where AWS allows it.

const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*/u;
const DOT_NAME = /^[^.[\]()'"\s]+/u;
const FUNCTION_CALL = /^[A-Za-z]+\(\)$/;

/** How a path field may start: the state input (`$`), the context object (`$$`), a variable. */
export interface PathRoots {
  readonly context: boolean;
  readonly variables: boolean;
}

const INPUT_ONLY: PathRoots = { context: false, variables: false };
const EVERY_ROOT: PathRoots = { context: true, variables: true };

/**
 * True when `text` is a JSONPath that AWS accepts in a path field (`InputPath`, `…Path`, `Variable`,
 * a `.$` template value): rooted at `$`, or at `$$` / `$variable` when `roots` allow (they do by
 * default). Pure.
 */
export function isValidPath(text: string, roots: PathRoots = EVERY_ROOT): boolean {
  const start = rootLength(text, roots);
  return start !== undefined && segmentsAreValid(text, start, false);
}

/**
 * True when `text` is a reference path (`ResultPath`): rooted at `$`, and made only of `.name`,
 * `['name']` and `[index]` steps, so that it names exactly one node. Pure.
 */
export function isValidReferencePath(text: string): boolean {
  const start = rootLength(text, INPUT_ONLY);
  return start !== undefined && segmentsAreValid(text, start, true);
}

/** The length of the path's root (`$`, `$$`, `$name`), or undefined when it has none allowed. */
function rootLength(text: string, roots: PathRoots): number | undefined {
  if (!text.startsWith('$')) return undefined;
  if (text.startsWith('$$')) return roots.context ? 2 : undefined;
  const variable = VARIABLE_NAME.exec(text.slice(1));
  if (variable === null) return 1;
  return roots.variables ? 1 + variable[0].length : undefined;
}

function segmentsAreValid(text: string, start: number, reference: boolean): boolean {
  let index = start;
  while (index < text.length) {
    const next = readSegment(text, index, reference);
    if (next === undefined) return false;
    index = next;
  }
  return true;
}

/** Reads one segment starting at `index`; returns where the next one starts, or undefined. */
function readSegment(text: string, index: number, reference: boolean): number | undefined {
  if (text.startsWith('..', index)) {
    if (reference) return undefined;
    const after = index + 2;
    if (text[after] === '[') return readBracket(text, after, false);
    return readDotTarget(text, after, false);
  }
  if (text[index] === '.') return readDotTarget(text, index + 1, reference);
  if (text[index] === '[') return readBracket(text, index, reference);
  return undefined;
}

/** After a dot: a member name, `*`, or (last, and not in a reference path) a function call. */
function readDotTarget(text: string, index: number, reference: boolean): number | undefined {
  if (text[index] === '*') return reference ? undefined : index + 1;
  const name = DOT_NAME.exec(text.slice(index));
  if (name === null) return undefined;
  const end = index + name[0].length;
  if (text[end] === '(') {
    // Jayway's functions (length(), min() …) take no path after them.
    return !reference && FUNCTION_CALL.test(text.slice(index)) ? text.length : undefined;
  }
  return end;
}

/** A bracketed step starting at `index` (which holds `[`). */
function readBracket(text: string, index: number, reference: boolean): number | undefined {
  const inner = index + 1;
  if (text.startsWith('?(', inner)) return reference ? undefined : readFilter(text, inner + 1);
  const close = findClosingBracket(text, inner);
  if (close === undefined) return undefined;
  const body = text.slice(inner, close);
  return bracketBodyIsValid(body, reference) ? close + 1 : undefined;
}

function bracketBodyIsValid(body: string, reference: boolean): boolean {
  const trimmed = reference ? body : body.trim();
  if (trimmed === '*') return !reference;
  if (trimmed.startsWith("'") || trimmed.startsWith('"')) {
    const names = splitQuotedList(trimmed);
    return names !== undefined && (!reference || names === 1);
  }
  if (reference) return /^\d+$/.test(trimmed);
  if (/^-?\d+(\s*,\s*-?\d+)*$/.test(trimmed)) return true;
  return /^(-?\d+)?\s*:\s*(-?\d+)?(\s*:\s*(-?\d+)?)?$/.test(trimmed);
}

/** Counts the quoted names of `'a','b'`; undefined when the list is malformed. */
function splitQuotedList(body: string): number | undefined {
  let index = 0;
  let count = 0;
  for (;;) {
    const quote = body[index];
    if (quote !== "'" && quote !== '"') return undefined;
    const end = findClosingQuote(body, index + 1, quote);
    if (end === undefined || end === index + 1) return undefined;
    count += 1;
    index = end + 1;
    while (body[index] === ' ') index += 1;
    if (index === body.length) return count;
    if (body[index] !== ',') return undefined;
    index += 1;
    while (body[index] === ' ') index += 1;
  }
}

function findClosingQuote(text: string, index: number, quote: string): number | undefined {
  for (let i = index; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === quote) return i;
  }
  return undefined;
}

/** The `]` closing a bracket whose body starts at `index`, skipping quoted names. */
function findClosingBracket(text: string, index: number): number | undefined {
  for (let i = index; i < text.length; i += 1) {
    const char = text[i];
    if (char === "'" || char === '"') {
      const end = findClosingQuote(text, i + 1, char);
      if (end === undefined) return undefined;
      i = end;
    } else if (char === ']') {
      return i;
    } else if (char === '[') {
      return undefined;
    }
  }
  return undefined;
}

/** `(filter)]` starting at the `(`: balanced parentheses outside quotes, a non-empty body. */
function readFilter(text: string, index: number): number | undefined {
  let depth = 0;
  for (let i = index; i < text.length; i += 1) {
    const char = text[i];
    if (char === "'" || char === '"') {
      const end = findClosingQuote(text, i + 1, char);
      if (end === undefined) return undefined;
      i = end;
    } else if (char === '(') {
      depth += 1;
    } else if (char === ')') {
      depth -= 1;
      if (depth === 0) {
        const empty = text.slice(index + 1, i).trim() === '';
        return !empty && text[i + 1] === ']' ? i + 2 : undefined;
      }
    }
  }
  return undefined;
}
