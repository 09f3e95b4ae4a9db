import { HASH_ALGORITHMS, hashText } from '../intrinsics/hashing.js';
import { SeededRandom } from '../intrinsics/seeded-random.js';
import { parseBoundedJson } from '../json/bounded-json.js';
import { isJsonArray } from '../json/is-json-array.js';
import type { JsonValue } from '../json/json.js';
import { JsonataFunctionError, type JsonataFunction } from './jsonata-runtime.js';

// The functions Step Functions adds to JSONata (AWS, "Transforming data with JSONata": $partition,
// $range, $hash, $random, $uuid, $parse), and JSONata's own `$shuffle`, which would otherwise draw
// from the worker's Math.random. They run on the calling thread, so `$random()`, `$uuid()` and
// `$shuffle()` draw from the execution's injected randomness, which the history records, and replay
// stays exact.

/** The JSONata signatures the worker registers the functions with (JSONata checks arity and types). */
export const AWS_FUNCTION_SIGNATURES: Readonly<Record<string, string>> = {
  partition: '<jn:a>',
  range: '<nnn:a>',
  hash: '<ss:s>',
  random: '<n?:n>',
  uuid: '<:s>',
  parse: '<s:j>',
  shuffle: '<a:a>',
};

/** The most elements `$range` builds, as for States.ArrayRange. */
export const MAX_RANGE_LENGTH = 1000;

/** The injected randomness the functions draw from. */
export interface FunctionRandomness {
  readonly random: () => number;
  readonly uuid: () => string;
}

/** The implementations of AWS's JSONata functions, bound to one evaluation's randomness. Pure apart from it. */
export function createAwsFunctions(randomness: FunctionRandomness): Readonly<Record<string, JsonataFunction>> {
  return {
    partition: ([array, size]) => partition(array, size),
    range: ([start, end, step]) => range(start, end, step),
    hash: ([data, algorithm]) => hash(data, algorithm),
    random: ([seed]) => (seed === undefined ? randomness.random() : seededRandom(seed)),
    uuid: () => randomness.uuid(),
    parse: ([text]) => parse(text),
    shuffle: ([array]) => shuffle(array, randomness.random),
  };
}

function integerArgument(value: JsonValue | undefined, fn: string, position: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new JsonataFunctionError(
      `Argument ${position} of function $${fn} must be an integer but was ${JSON.stringify(value ?? null)}`,
    );
  return value;
}

/** `$partition(array, chunkSize)`: consecutive chunks of the array; the last may be shorter. */
export function partition(array: JsonValue | undefined, size: JsonValue | undefined): JsonValue {
  if (!isJsonArray(array ?? null))
    throw new JsonataFunctionError(
      `Argument 1 of function $partition must be an array but was ${JSON.stringify(array ?? null)}`,
    );
  const items = array as readonly JsonValue[];
  const chunkSize = integerArgument(size, 'partition', 2);
  if (chunkSize <= 0)
    throw new JsonataFunctionError(`Argument 2 of function $partition must be a positive integer but was ${chunkSize}`);
  const chunks: JsonValue[] = [];
  for (let start = 0; start < items.length; start += chunkSize) chunks.push(items.slice(start, start + chunkSize));
  return chunks;
}

/** `$range(start, end, step)`: integers from `start` towards `end`, inclusive. */
export function range(
  start: JsonValue | undefined,
  end: JsonValue | undefined,
  step: JsonValue | undefined,
): JsonValue {
  const first = integerArgument(start, 'range', 1);
  const last = integerArgument(end, 'range', 2);
  const increment = integerArgument(step, 'range', 3);
  if (increment === 0) throw new JsonataFunctionError('Argument 3 of function $range must not be 0');
  const length = (last - first) / increment < 0 ? 0 : Math.floor((last - first) / increment) + 1;
  if (length > MAX_RANGE_LENGTH)
    throw new JsonataFunctionError(
      `The function $range would build ${length} elements, more than the maximum of ${MAX_RANGE_LENGTH}`,
    );
  return Array.from({ length }, (_, index) => first + index * increment);
}

/** `$hash(data, algorithm)`: the hex digest of the UTF-8 text with MD5, SHA-1, SHA-256, SHA-384 or SHA-512. */
export function hash(data: JsonValue | undefined, algorithm: JsonValue | undefined): JsonValue {
  if (typeof data !== 'string') throw new JsonataFunctionError('Argument 1 of function $hash must be a string');
  const digest = typeof algorithm === 'string' ? hashText(data, algorithm) : undefined;
  if (digest === undefined)
    throw new JsonataFunctionError(
      `Argument 2 of function $hash must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')} but was ${JSON.stringify(algorithm ?? null)}`,
    );
  return digest;
}

/** `$parse(text)`: the JSON value the text holds. */
export function parse(text: JsonValue | undefined): JsonValue {
  if (typeof text !== 'string') throw new JsonataFunctionError('Argument 1 of function $parse must be a string');
  const parsed = parseBoundedJson(text);
  if (parsed.ok) return parsed.value;
  throw new JsonataFunctionError(`The function $parse could not parse its argument as JSON: ${parsed.problem}`);
}

/**
 * `$random(seed)`: a number in [0, 1) that depends only on the integer seed, so the same seed always
 * gives the same number (the first draw of `SeededRandom`, as States.MathRandom's seeded draws).
 */
export function seededRandom(seed: JsonValue | undefined): number {
  const value = integerArgument(seed, 'random', 1);
  return new SeededRandom(value).nextDouble();
}

/**
 * `$shuffle(array)`: JSONata's function (a Fisher–Yates shuffle, absent stays absent), drawing from
 * `random` so that the order is recorded with the execution's other draws.
 */
export function shuffle(array: JsonValue | undefined, random: () => number): JsonValue | undefined {
  if (array === undefined || !isJsonArray(array)) return array;
  const shuffled = [...(array as readonly JsonValue[])];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    const value = shuffled[index] as JsonValue;
    shuffled[index] = shuffled[other] as JsonValue;
    shuffled[other] = value;
  }
  return shuffled;
}
