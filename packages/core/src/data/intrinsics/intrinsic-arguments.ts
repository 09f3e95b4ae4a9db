import { StatesFailure } from '../../errors/index.js';
import { describeStateFailure, type DataContext } from '../context/data-context.js';
import { isJsonObject, jsonTypeName, type JsonObject, type JsonValue } from '../json/json.js';
import type { IntrinsicFunctionName } from './parse-intrinsic.js';

/** An evaluated argument; `raw` is the text of a string literal as written (States.Format needs it). */
export interface IntrinsicValue {
  readonly value: JsonValue;
  readonly raw?: string;
}

/** One call being evaluated: the function, its evaluated arguments and the data context. */
export interface IntrinsicInvocation {
  readonly name: IntrinsicFunctionName;
  readonly args: readonly IntrinsicValue[];
  readonly dataContext: DataContext;
}

/** An intrinsic function's implementation. Pure apart from `dataContext.random`/`dataContext.uuid`. */
export type IntrinsicImplementation = (invocation: IntrinsicInvocation) => JsonValue;

/** The `States.IntrinsicFailure` for a bad argument of `invocation`'s function. */
export function intrinsicFailure(
  invocation: Pick<IntrinsicInvocation, 'name' | 'dataContext'>,
  detail: string,
): StatesFailure {
  return new StatesFailure(
    'States.IntrinsicFailure',
    describeStateFailure(invocation.dataContext, `Invalid arguments in ${invocation.name}: ${detail}`),
  );
}

/** The arguments, checked to number between `min` and `max`. */
export function expectArgumentCount(invocation: IntrinsicInvocation, min: number, max = min): readonly JsonValue[] {
  const count = invocation.args.length;
  if (count < min || count > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw intrinsicFailure(invocation, `expected ${expected} argument(s) but got ${count}`);
  }
  return invocation.args.map((arg) => arg.value);
}

function describeArgument(position: number): string {
  return `argument ${position + 1}`;
}

/** The argument at `position` as a string, or the intrinsic failure. */
export function expectString(invocation: IntrinsicInvocation, position: number): string {
  const value = invocation.args[position]?.value ?? null;
  if (typeof value !== 'string')
    throw intrinsicFailure(invocation, `${describeArgument(position)} must be a string but was ${jsonTypeName(value)}`);
  return value;
}

/** The argument at `position` as a number, or the intrinsic failure. */
export function expectNumber(invocation: IntrinsicInvocation, position: number): number {
  const value = invocation.args[position]?.value ?? null;
  if (typeof value !== 'number')
    throw intrinsicFailure(invocation, `${describeArgument(position)} must be a number but was ${jsonTypeName(value)}`);
  return value;
}

/** The argument at `position` as an integer, or the intrinsic failure. */
export function expectInteger(invocation: IntrinsicInvocation, position: number): number {
  const value = expectNumber(invocation, position);
  if (!Number.isInteger(value))
    throw intrinsicFailure(invocation, `${describeArgument(position)} must be an integer but was ${value}`);
  return value;
}

/** The argument at `position` as a boolean, or the intrinsic failure. */
export function expectBoolean(invocation: IntrinsicInvocation, position: number): boolean {
  const value = invocation.args[position]?.value ?? null;
  if (typeof value !== 'boolean')
    throw intrinsicFailure(
      invocation,
      `${describeArgument(position)} must be a boolean but was ${jsonTypeName(value)}`,
    );
  return value;
}

/** The argument at `position` as an array, or the intrinsic failure. */
export function expectArray(invocation: IntrinsicInvocation, position: number): readonly JsonValue[] {
  const value = invocation.args[position]?.value ?? null;
  if (!Array.isArray(value))
    throw intrinsicFailure(invocation, `${describeArgument(position)} must be an array but was ${jsonTypeName(value)}`);
  return value;
}

/** The argument at `position` as an object, or the intrinsic failure. */
export function expectObject(invocation: IntrinsicInvocation, position: number): JsonObject {
  const value = invocation.args[position]?.value ?? null;
  if (!isJsonObject(value))
    throw intrinsicFailure(
      invocation,
      `${describeArgument(position)} must be an object but was ${jsonTypeName(value)}`,
    );
  return value;
}
