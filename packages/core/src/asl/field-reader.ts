import { isJsonObject, type JsonObject, type JsonValue } from '../data/index.js';
import { memberLocation, type ProblemList } from './definition-problem.js';
import { isValidPath, isValidReferencePath, type PathRoots } from './jsonpath-syntax.js';
import { findJsonataSyntaxError, isJsonataExpression } from './jsonata-syntax.js';

/** Bounds of a numeric field. */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
}

/** AWS caps every seconds-like field at 99999999. */
export const MAX_SECONDS = 99_999_999;

/**
 * Typed access to the fields of one ASL object (a state, a retrier, a scope …). Every reader
 * returns the value when it has the right shape and otherwise records a problem at the object's
 * location and returns undefined, so one pass finds every problem.
 */
export class FieldReader {
  constructor(
    readonly raw: JsonObject,
    readonly location: string,
    readonly problems: ProblemList,
  ) {}

  has(key: string): boolean {
    return key in this.raw;
  }

  /** The location of one of this object's fields. */
  at(key: string): string {
    return memberLocation(this.location, key);
  }

  /** Records a problem about the value of `key`, worded as AWS words them. */
  invalid(key: string, requirement: string): undefined {
    this.problems.schema(`The value for the field '${key}' must be ${requirement}`, this.location);
    return undefined;
  }

  /** Reports two fields that cannot be used together (a value and its `…Path` form). */
  exclusive(first: string, second: string): void {
    if (this.has(first) && this.has(second)) {
      this.problems.schema(`The fields '${first}' and '${second}' are mutually exclusive`, this.location);
    }
  }

  string(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined || typeof value === 'string') return value;
    return this.invalid(key, 'a string');
  }

  /** A string of 1 to `maxLength` characters. */
  name(key: string, maxLength: number): string | undefined {
    const value = this.string(key);
    if (value === undefined || (value.length >= 1 && value.length <= maxLength)) return value;
    return this.invalid(key, `between 1 and ${maxLength} characters long`);
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw[key];
    if (value === undefined || typeof value === 'boolean') return value;
    return this.invalid(key, 'a boolean');
  }

  integer(key: string, bounds: NumberBounds): number | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.invalid(key, integerWording(bounds));
    return this.#withinBounds(key, value, bounds);
  }

  number(key: string, bounds: NumberBounds): number | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number') return this.invalid(key, 'a number');
    return this.#withinBounds(key, value, bounds);
  }

  /** JSONata fields that hold either a literal integer or a `{% … %}` expression. */
  integerOrExpression(key: string, bounds: NumberBounds): number | string | undefined {
    const value = this.raw[key];
    if (typeof value === 'string') return this.expression(key);
    return this.integer(key, bounds);
  }

  /** JSONata fields that hold either a literal number or a `{% … %}` expression. */
  numberOrExpression(key: string, bounds: NumberBounds): number | string | undefined {
    const value = this.raw[key];
    if (typeof value === 'string') return this.expression(key);
    return this.number(key, bounds);
  }

  /** A field that must be a `{% … %}` JSONata expression (and must compile). */
  expression(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (!isJsonataExpression(value)) return this.invalid(key, 'a JSONata expression');
    return this.jsonata(key) === undefined ? undefined : value;
  }

  object(key: string): JsonObject | undefined {
    const value = this.raw[key];
    if (value === undefined || isJsonObject(value)) return value;
    return this.invalid(key, 'a JSON object');
  }

  array(key: string): readonly JsonValue[] | undefined {
    const value = this.raw[key];
    if (value === undefined || Array.isArray(value)) return value;
    return this.invalid(key, 'an array');
  }

  /** A JSONPath field (`InputPath`, `…Path`, `Variable`); `null` only where `nullable`. */
  path(key: string, roots?: PathRoots): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && isValidPath(value, roots)) return value;
    return this.invalid(key, 'a valid JSONPath');
  }

  /** `InputPath`/`OutputPath`: a JSONPath, or `null` (which discards the data). */
  nullablePath(key: string): string | null | undefined {
    return this.raw[key] === null ? null : this.path(key);
  }

  /** `ResultPath`: a reference path, or `null` (which keeps the state input). */
  referencePath(key: string): string | null | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) return value;
    if (typeof value === 'string' && isValidReferencePath(value)) return value;
    return this.invalid(key, 'a valid ReferencePath');
  }

  /**
   * A JSONata-state field that may hold any JSON: every `{% … %}` string inside it must compile.
   * Returns the value when all its expressions compile.
   */
  jsonata(key: string): JsonValue | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    const before = this.problems.size;
    checkJsonataTemplate(value, key, this.at(key), this.problems);
    return this.problems.size === before ? value : undefined;
  }

  #withinBounds(key: string, value: number, bounds: NumberBounds): number | undefined {
    if (bounds.min !== undefined && value < bounds.min) return this.invalid(key, `at least ${bounds.min}`);
    if (bounds.max !== undefined && value > bounds.max) return this.invalid(key, `at most ${bounds.max}`);
    return value;
  }
}

function integerWording(bounds: NumberBounds): string {
  if (bounds.min === 1) return 'a positive integer';
  if (bounds.min === 0) return 'a non-negative integer';
  return 'an integer';
}

/** Compiles every `{% … %}` string inside `value`, reporting each that does not parse. */
export function checkJsonataTemplate(value: JsonValue, field: string, location: string, problems: ProblemList): void {
  if (isJsonataExpression(value)) {
    const error = findJsonataSyntaxError(value);
    if (error !== undefined) {
      problems.schema(
        `The JSONata expression '${value}' specified for the field '${field}' is invalid: ${error}`,
        location,
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkJsonataTemplate(item, field, `${location}[${index}]`, problems));
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      checkJsonataTemplate(item, field, memberLocation(location, key), problems);
    }
  }
}
