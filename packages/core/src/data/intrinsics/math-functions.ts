import { SeededRandom } from './seeded-random.js';
import {
  expectArgumentCount,
  expectNumber,
  intrinsicFailure,
  type IntrinsicImplementation,
  type IntrinsicInvocation,
} from './intrinsic-arguments.js';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function roundedInteger(invocation: IntrinsicInvocation, position: number): number {
  // AWS rounds a non-integer argument half up (-2.5 → -2, 1.5 → 2): conformance case test_math_add.
  const value = Math.round(expectNumber(invocation, position));
  if (value < INT_MIN || value > INT_MAX)
    throw intrinsicFailure(
      invocation,
      `argument ${position + 1} must be between ${INT_MIN} and ${INT_MAX} but was ${value}`,
    );
  return value;
}

/** `States.MathAdd(a, b)`: the sum of the two arguments, each rounded to an integer first. */
export const statesMathAdd: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 2);
  return roundedInteger(invocation, 0) + roundedInteger(invocation, 1);
};

/**
 * `States.MathRandom(start, end[, seed])`: an integer in [start, end). With a seed the result is
 * the same every time; without one it comes from the injected `dataContext.random`. A non-integer
 * argument is rounded to the nearest integer first, as AWS documents (and as MathAdd does).
 */
export const statesMathRandom: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 2, 3);
  const start = roundedInteger(invocation, 0);
  const end = roundedInteger(invocation, 1);
  if (end <= start) throw intrinsicFailure(invocation, `the end (${end}) must be greater than the start (${start})`);
  if (invocation.args.length === 3) return start + new SeededRandom(roundedInteger(invocation, 2)).nextInt(end - start);
  return start + Math.floor(invocation.dataContext.random() * (end - start));
};
