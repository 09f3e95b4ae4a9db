import { describe, expect, it } from 'vitest';
import { StatesFailure } from '../../errors/index.js';
import type { DataContext } from '../context/data-context.js';
import type { JsonValue } from '../json/json.js';
import { evaluateIntrinsic } from './evaluate-intrinsic.js';

const dataContext: DataContext = {
  context: {},
  variables: {},
  random: () => 0,
  uuid: () => 'u',
  state: { name: 'S', enteredEventId: 2 },
};
const run = (expression: string, input: JsonValue = {}): JsonValue => evaluateIntrinsic(expression, input, dataContext);

function intrinsicFailure(expression: string, input: JsonValue = {}): StatesFailure {
  try {
    run(expression, input);
  } catch (error) {
    if (error instanceof StatesFailure) return error;
    throw error;
  }
  throw new Error(`expected ${expression} to fail`);
}

describe('States.Array', () => {
  it('builds an array from its arguments (conformance cases test_array_0, test_array_2)', () => {
    expect(run('States.Array()')).toEqual([]);
    expect(run('States.Array($.fst, $.snd)', { fst: 1.1, snd: '' })).toEqual([1.1, '']);
    expect(run("States.Array('Foo', 2020, $.obj, null)", { obj: { a: 1 } })).toEqual(['Foo', 2020, { a: 1 }, null]);
  });
});

describe('States.ArrayPartition', () => {
  it('chunks an array, the last chunk possibly shorter (AWS documentation example)', () => {
    expect(run('States.ArrayPartition($.inputArray, 4)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9],
    ]);
  });

  it('matches the conformance cases test_array_partition', () => {
    expect(run('States.ArrayPartition($.fst, $.snd)', { fst: [], snd: 2 })).toEqual([]);
    expect(run('States.ArrayPartition($.fst, $.snd)', { fst: [0, 1], snd: 2 })).toEqual([[0, 1]]);
    expect(run('States.ArrayPartition($.fst, $.snd)', { fst: [0], snd: 2 })).toEqual([[0]]);
  });

  it('fails for a chunk size that is not a positive integer or a first argument that is not an array', () => {
    expect(intrinsicFailure('States.ArrayPartition($.a, 0)', { a: [1] }).error).toBe('States.IntrinsicFailure');
    expect(intrinsicFailure('States.ArrayPartition($.a, 1.5)', { a: [1] }).error).toBe('States.IntrinsicFailure');
    expect(intrinsicFailure("States.ArrayPartition('x', 1)").error).toBe('States.IntrinsicFailure');
  });
});

describe('States.ArrayContains', () => {
  it('finds a value by deep equality (AWS documentation example)', () => {
    expect(
      run('States.ArrayContains($.inputArray, $.lookingFor)', {
        inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9],
        lookingFor: 5,
      }),
    ).toBe(true);
    expect(run('States.ArrayContains($.a, $.v)', { a: [{ x: [1] }], v: { x: [1] } })).toBe(true);
    expect(run("States.ArrayContains($.a, '1')", { a: [1] })).toBe(false);
  });

  it('fails with the wrong number of arguments', () => {
    expect(intrinsicFailure('States.ArrayContains($.a)', { a: [] }).cause).toBe(
      "An error occurred while executing the state 'S' (entered at the event id #2). " +
        'Invalid arguments in States.ArrayContains: expected 2 argument(s) but got 1',
    );
  });
});

describe('States.ArrayRange', () => {
  it('counts from first to last by step (AWS documentation example)', () => {
    expect(run('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
    expect(run('States.ArrayRange(5, 1, -2)')).toEqual([5, 3, 1]);
    expect(run('States.ArrayRange(1, 0, 1)')).toEqual([]);
  });

  it('allows at most 1000 elements', () => {
    expect(run('States.ArrayRange(1, 1000, 1)')).toHaveLength(1000);
    expect(intrinsicFailure('States.ArrayRange(1, 1001, 1)').error).toBe('States.IntrinsicFailure');
  });

  it('fails for a zero step or non-integer arguments', () => {
    expect(intrinsicFailure('States.ArrayRange(1, 5, 0)').error).toBe('States.IntrinsicFailure');
    expect(intrinsicFailure('States.ArrayRange(1.5, 5, 1)').error).toBe('States.IntrinsicFailure');
  });
});

describe('States.ArrayGetItem', () => {
  it('returns the item at an index (AWS documentation example)', () => {
    expect(
      run('States.ArrayGetItem($.inputArray, $.index)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 }),
    ).toBe(6);
  });

  it('fails for an index out of bounds', () => {
    expect(intrinsicFailure('States.ArrayGetItem($.a, 3)', { a: [1] }).error).toBe('States.IntrinsicFailure');
    expect(intrinsicFailure('States.ArrayGetItem($.a, -1)', { a: [1] }).error).toBe('States.IntrinsicFailure');
  });
});

describe('States.ArrayLength', () => {
  it('counts items (conformance case test_array_unique)', () => {
    const input = [
      null,
      null,
      true,
      true,
      false,
      false,
      1,
      1,
      1.1,
      0,
      0,
      'HelloWorld',
      'HelloWorld',
      [],
      [],
      [null],
      [null],
      { a: 1, b: 2 },
      { a: 1, b: 2 },
      { a: 1, b: 1 },
    ];
    expect(run('States.ArrayLength($.FunctionInput)', { FunctionInput: input })).toBe(20);
  });

  it('fails for a value that is not an array', () => {
    expect(intrinsicFailure('States.ArrayLength($.a)', { a: 'x' }).cause).toContain('must be an array but was string');
  });
});

describe('States.ArrayUnique', () => {
  it('drops deep duplicates, keeping the first occurrences in order', () => {
    expect(run('States.ArrayUnique($.a)', { a: [1, 2, 3, 3, 3, 3, 3, 3, 4] })).toEqual([1, 2, 3, 4]);
    expect(run('States.ArrayUnique($.a)', { a: [null, null, { a: 1, b: 2 }, { b: 2, a: 1 }, [], []] })).toEqual([
      null,
      { a: 1, b: 2 },
      [],
    ]);
  });
});
