/** Every intrinsic function AWS defines for JSONPath states. */
export const INTRINSIC_FUNCTION_NAMES = [
  'States.Format',
  'States.StringToJson',
  'States.JsonToString',
  'States.Array',
  'States.ArrayPartition',
  'States.ArrayContains',
  'States.ArrayRange',
  'States.ArrayGetItem',
  'States.ArrayLength',
  'States.ArrayUnique',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Hash',
  'States.JsonMerge',
  'States.MathRandom',
  'States.MathAdd',
  'States.StringSplit',
  'States.UUID',
] as const;

/** The name of an intrinsic function. */
export type IntrinsicFunctionName = (typeof INTRINSIC_FUNCTION_NAMES)[number];

/** One argument of an intrinsic call: a literal, a path (`$.x`, `$$.x`, `$var`) or a nested call. */
export type IntrinsicArgument =
  | {
      readonly kind: 'string';
      /** The literal with its escapes resolved. */
      readonly value: string;
      /** The literal as written between the quotes (States.Format reads `\{` and `\}` from it). */
      readonly raw: string;
    }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'call'; readonly call: IntrinsicCall };

/** A parsed intrinsic function call such as `States.Format('{}', $.name)`. */
export interface IntrinsicCall {
  readonly name: IntrinsicFunctionName;
  readonly arguments: readonly IntrinsicArgument[];
}

/** Thrown by `parseIntrinsic` for text that is not a well-formed intrinsic call. */
export class IntrinsicSyntaxError extends Error {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`Invalid intrinsic function call '${text}': ${reason}`);
    this.name = 'IntrinsicSyntaxError';
  }
}

/** AWS allows at most this many intrinsic calls nested inside one field. */
export const MAX_INTRINSIC_NESTING = 10;

/** True when a `.$` value is an intrinsic call rather than a path (it starts with `States.`). */
export function looksLikeIntrinsic(text: string): boolean {
  return text.trimStart().startsWith('States.');
}

const NUMBER = /^-?(?:\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const FUNCTION_NAME = /^States\.[A-Za-z0-9]+/;

/**
 * Parses an intrinsic function call into a syntax tree. Pure; throws `IntrinsicSyntaxError` for bad
 * syntax, an unknown function name, or more than ten nested calls. String literals use single quotes
 * and the escapes `\'`, `\{`, `\}` and `\\`.
 */
export function parseIntrinsic(text: string): IntrinsicCall {
  const parser = new IntrinsicParser(text);
  const call = parser.readCall(1);
  parser.skipSpaces();
  if (!parser.atEnd()) parser.fail(`unexpected text at position ${parser.position}`);
  return call;
}

class IntrinsicParser {
  position = 0;

  constructor(readonly text: string) {}

  fail(reason: string): never {
    throw new IntrinsicSyntaxError(this.text, reason);
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipSpaces(): void {
    while (this.text[this.position] === ' ' || this.text[this.position] === '\t') this.position += 1;
  }

  readCall(depth: number): IntrinsicCall {
    if (depth > MAX_INTRINSIC_NESTING) this.fail(`more than ${MAX_INTRINSIC_NESTING} nested intrinsic functions`);
    this.skipSpaces();
    const match = FUNCTION_NAME.exec(this.text.slice(this.position));
    if (match === null) this.fail(`expected a States.* function at position ${this.position}`);
    const name = match[0];
    if (!isIntrinsicFunctionName(name)) this.fail(`unknown function '${name}'`);
    this.position += name.length;
    this.skipSpaces();
    if (this.text[this.position] !== '(') this.fail(`expected '(' after ${name}`);
    this.position += 1;
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.text[this.position] === ')') {
      this.position += 1;
      return { name, arguments: args };
    }
    for (;;) {
      args.push(this.readArgument(depth));
      this.skipSpaces();
      const separator = this.text[this.position];
      this.position += 1;
      if (separator === ')') return { name, arguments: args };
      if (separator !== ',') this.fail(`expected ',' or ')' in ${name}`);
    }
  }

  readArgument(depth: number): IntrinsicArgument {
    this.skipSpaces();
    const rest = this.text.slice(this.position);
    const char = rest[0];
    if (char === "'") return this.readString();
    if (char === '$') return { kind: 'path', path: this.readPath() };
    if (rest.startsWith('States.')) return { kind: 'call', call: this.readCall(depth + 1) };
    for (const [word, argument] of LITERAL_WORDS) {
      if (rest.startsWith(word) && !/[A-Za-z0-9_]/.test(rest.charAt(word.length))) {
        this.position += word.length;
        return argument;
      }
    }
    const number = NUMBER.exec(rest);
    if (number !== null) {
      this.position += number[0].length;
      return { kind: 'number', value: Number(number[0]) };
    }
    return this.fail(`unexpected argument at position ${this.position}`);
  }

  readString(): IntrinsicArgument {
    const start = this.position + 1;
    let value = '';
    let position = start;
    while (position < this.text.length && this.text[position] !== "'") {
      const char = this.text.charAt(position);
      if (char === '\\') {
        const escaped = this.text.charAt(position + 1);
        if (escaped === "'" || escaped === '{' || escaped === '}' || escaped === '\\') {
          value += escaped;
          position += 2;
          continue;
        }
        // AWS accepts only these four escapes in an intrinsic string literal; `\"` and the like make
        // the definition invalid (conformance scenarios/test_illegal_escapes).
        this.fail(`illegal escape sequence '\\${escaped}' at position ${position}`);
      }
      value += char;
      position += 1;
    }
    if (position >= this.text.length) this.fail('unterminated string literal');
    this.position = position + 1;
    return { kind: 'string', value, raw: this.text.slice(start, position) };
  }

  /** A path runs to the next `,` or `)` outside brackets, parentheses and quotes. */
  readPath(): string {
    const start = this.position;
    let depth = 0;
    let quote: string | undefined;
    let position = start;
    for (; position < this.text.length; position += 1) {
      const char = this.text[position];
      if (quote !== undefined) {
        if (char === '\\') position += 1;
        else if (char === quote) quote = undefined;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === '[' || char === '(') depth += 1;
      else if (char === ']' || (char === ')' && depth > 0)) depth -= 1;
      else if ((char === ',' || char === ')') && depth === 0) break;
    }
    this.position = position;
    return this.text.slice(start, position).trim();
  }
}

const LITERAL_WORDS: readonly (readonly [string, IntrinsicArgument])[] = [
  ['true', { kind: 'boolean', value: true }],
  ['false', { kind: 'boolean', value: false }],
  ['null', { kind: 'null' }],
];

function isIntrinsicFunctionName(name: string): name is IntrinsicFunctionName {
  return (INTRINSIC_FUNCTION_NAMES as readonly string[]).includes(name);
}
