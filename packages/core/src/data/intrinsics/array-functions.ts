import type { JsonValue } from '../json/json.js';
import { jsonEquals } from '../json/json-equals.js';
import {
  expectArgumentCount,
  expectArray,
  expectInteger,
  intrinsicFailure,
  type IntrinsicImplementation,
} from './intrinsic-arguments.js';

/** AWS's documented limit on the array States.ArrayRange may build. */
export const MAX_ARRAY_RANGE_LENGTH = 1000;

/** `States.Array(a, b, …)`: its arguments as an array. */
export const statesArray: IntrinsicImplementation = (invocation) => invocation.args.map((arg) => arg.value);

/** `States.ArrayPartition(array, chunkSize)`: consecutive chunks; the last may be shorter. */
export const statesArrayPartition: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 2);
  const items = expectArray(invocation, 0);
  const chunkSize = expectInteger(invocation, 1);
  if (chunkSize <= 0)
    throw intrinsicFailure(invocation, `the chunk size must be a positive integer but was ${chunkSize}`);
  const chunks: JsonValue[] = [];
  for (let start = 0; start < items.length; start += chunkSize) chunks.push(items.slice(start, start + chunkSize));
  return chunks;
};

/** `States.ArrayContains(array, value)`: whether the array holds a value deeply equal to `value`. */
export const statesArrayContains: IntrinsicImplementation = (invocation) => {
  const [, value = null] = expectArgumentCount(invocation, 2);
  return expectArray(invocation, 0).some((item) => jsonEquals(item, value));
};

/** `States.ArrayRange(first, last, step)`: integers from `first` towards `last` (inclusive). */
export const statesArrayRange: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 3);
  const first = expectInteger(invocation, 0);
  const last = expectInteger(invocation, 1);
  const step = expectInteger(invocation, 2);
  if (step === 0) throw intrinsicFailure(invocation, 'the step must not be 0');
  const length = (last - first) / step < 0 ? 0 : Math.floor((last - first) / step) + 1;
  if (length > MAX_ARRAY_RANGE_LENGTH)
    throw intrinsicFailure(
      invocation,
      `the range has ${length} elements, more than the maximum of ${MAX_ARRAY_RANGE_LENGTH}`,
    );
  return Array.from({ length }, (_, index) => first + index * step);
};

/** `States.ArrayGetItem(array, index)`: the item at a zero-based index. */
export const statesArrayGetItem: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 2);
  const items = expectArray(invocation, 0);
  const index = expectInteger(invocation, 1);
  const item = index >= 0 ? items[index] : undefined;
  if (item === undefined)
    throw intrinsicFailure(invocation, `index ${index} is out of bounds for an array of length ${items.length}`);
  return item;
};

/** `States.ArrayLength(array)`: the number of items. */
export const statesArrayLength: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 1);
  return expectArray(invocation, 0).length;
};

/** `States.ArrayUnique(array)`: the items without deep duplicates, first occurrences kept in order. */
export const statesArrayUnique: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 1);
  const unique: JsonValue[] = [];
  for (const item of expectArray(invocation, 0)) if (!unique.some((kept) => jsonEquals(kept, item))) unique.push(item);
  return unique;
};
