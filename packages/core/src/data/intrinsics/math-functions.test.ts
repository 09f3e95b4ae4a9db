import { describe, expect, it } from 'vitest';
import { StatesFailure } from '../../errors/index.js';
import type { DataContext } from '../context/data-context.js';
import type { JsonValue } from '../json/json.js';
import { evaluateIntrinsic } from './evaluate-intrinsic.js';

const createDc = (random: () => number): DataContext => ({ context: {}, variables: {}, random, uuid: () => 'u' });
const run = (expression: string, input: JsonValue = {}, random = () => 0.25): JsonValue =>
  evaluateIntrinsic(expression, input, createDc(random));

function errorOf(expression: string, input: JsonValue = {}): string {
  try {
    run(expression, input);
  } catch (error) {
    if (error instanceof StatesFailure) return error.error;
    throw error;
  }
  throw new Error(`expected ${expression} to fail`);
}

describe('States.MathAdd', () => {
  it('adds (AWS documentation example)', () => {
    expect(run('States.MathAdd($.value1, $.step)', { value1: 111, step: -1 })).toBe(110);
  });

  it('rounds each argument half up first (conformance cases test_math_add)', () => {
    expect(run('States.MathAdd($.a, $.b)', { a: -2.5, b: 0 })).toBe(-2);
    expect(run('States.MathAdd($.a, $.b)', { a: 1.5, b: 1.51 })).toBe(4);
    expect(run('States.MathAdd($.a, $.b)', { a: -1.49, b: 0 })).toBe(-1);
  });

  it('fails outside the 32-bit integer range or for a non-number', () => {
    expect(errorOf('States.MathAdd(2147483648, 0)')).toBe('States.IntrinsicFailure');
    expect(errorOf("States.MathAdd('1', 0)")).toBe('States.IntrinsicFailure');
    expect(errorOf('States.MathAdd(1)')).toBe('States.IntrinsicFailure');
  });
});

describe('States.MathRandom', () => {
  it('draws from the injected random source without a seed', () => {
    expect(run('States.MathRandom(1, 999)', {}, () => 0)).toBe(1);
    expect(run('States.MathRandom(1, 999)', {}, () => 0.999999)).toBe(998);
  });

  it('is deterministic with a seed and ignores the injected source', () => {
    const first = run('States.MathRandom($.start, $.end, 7)', { start: 0, end: 1000 }, () => 0);
    const second = run('States.MathRandom($.start, $.end, 7)', { start: 0, end: 1000 }, () => 0.9);
    expect(first).toBe(second);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(1000);
  });

  it('rounds non-integer bounds and seed to the nearest integer, as AWS documents', () => {
    // AWS's recorded test_math_random runs with bounds 12.50 and 44.51: the execution succeeds.
    expect(run('States.MathRandom($.a, $.b)', { a: 12.5, b: 44.51 }, () => 0)).toBe(13);
    expect(run('States.MathRandom($.a, $.b)', { a: 12.5, b: 44.51 }, () => 0.999999)).toBe(44);
    expect(run('States.MathRandom(0, 1000, 6.5)')).toBe(run('States.MathRandom(0, 1000, 7)'));
    expect(run('States.MathRandom(-0.4, 0.6)')).toBe(0);
  });

  it('fails for an empty range, a bound past the 32-bit integers, a non-number or a wrong count', () => {
    expect(errorOf('States.MathRandom(3, 3)')).toBe('States.IntrinsicFailure');
    expect(errorOf('States.MathRandom(2.6, 3.4)')).toBe('States.IntrinsicFailure');
    expect(errorOf('States.MathRandom(0, 2147483648)')).toBe('States.IntrinsicFailure');
    expect(errorOf("States.MathRandom('1', 3)")).toBe('States.IntrinsicFailure');
    expect(errorOf('States.MathRandom(1)')).toBe('States.IntrinsicFailure');
  });
});
