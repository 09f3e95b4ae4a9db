import {
  expectArgumentCount,
  expectInteger,
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
    throw intrinsicFailure(invocation, `argument ${position + 1} must be between ${INT_MIN} and ${INT_MAX} but was ${value}`);
  return value;
}

/** `States.MathAdd(a, b)`: the sum of the two arguments, each rounded to an integer first. */
export const statesMathAdd: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 2);
  return roundedInteger(invocation, 0) + roundedInteger(invocation, 1);
};

/** A deterministic generator in [0, 1) for a seed (mulberry32): the same seed gives the same number. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `States.MathRandom(start, end[, seed])`: an integer in [start, end). With a seed the result is
 * the same every time; without one it comes from the injected `dc.random`.
 */
export const statesMathRandom: IntrinsicImplementation = (invocation) => {
  expectArgumentCount(invocation, 2, 3);
  const start = expectInteger(invocation, 0);
  const end = expectInteger(invocation, 1);
  if (end <= start) throw intrinsicFailure(invocation, `the end (${end}) must be greater than the start (${start})`);
  const random = invocation.args.length === 3 ? seededRandom(expectInteger(invocation, 2)) : invocation.dc.random;
  return start + Math.floor(random() * (end - start));
};
