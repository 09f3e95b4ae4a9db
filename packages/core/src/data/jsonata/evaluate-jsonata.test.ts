import { afterAll, describe, expect, it } from 'vitest';
import type { DataContext } from '../context/data-context.js';
import { createJsonataRuntime, evaluateJsonata, unexpectedResultType } from './evaluate-jsonata.js';
import { QueryEvaluationFailure } from './query-evaluation-failure.js';

const NOW = '2024-05-01T12:30:00.000Z';
const runtime = createJsonataRuntime();
afterAll(() => runtime.close());

function fakeDataContext(overrides: Partial<DataContext> = {}): DataContext {
  let draws = 0;
  return {
    context: { Execution: { Name: 'exec' }, State: { Name: 'S' } },
    variables: { counter: 3, items: [1, 2, 3] },
    random: () => 0.25,
    uuid: () => `uuid-${++draws}`,
    state: { name: 'S', enteredEventId: 2 },
    ...overrides,
  };
}

function run(
  template: unknown,
  states: Parameters<typeof evaluateJsonata>[2] = { input: { a: 1 } },
  dataContext = fakeDataContext(),
) {
  return evaluateJsonata(template as never, 'Output', states, dataContext, { runtime, now: NOW });
}

function failure(template: unknown, states?: Parameters<typeof evaluateJsonata>[2]): QueryEvaluationFailure {
  try {
    run(template, states);
  } catch (error) {
    if (error instanceof QueryEvaluationFailure) return error;
    throw error;
  }
  throw new Error('expected a QueryEvaluationFailure');
}

describe('evaluateJsonata', () => {
  it('keeps literals and evaluates {% %} strings at any depth', () => {
    expect(
      run({ a: '{% $states.input.a + 1 %}', b: [' {% not %} ', '$states.input', { c: '{% $counter %}' }], d: null }),
    ).toEqual({
      a: 2,
      b: [' {% not %} ', '$states.input', { c: 3 }],
      d: null,
    });
    expect(run('plain')).toBe('plain');
  });

  it('binds $states.input, result, errorOutput and context, and the variables', () => {
    expect(
      run(
        '{% [$states.input.a, $states.result.r, $states.errorOutput.Error, $states.context.Execution.Name, $sum($items)] %}',
        {
          input: { a: 1 },
          result: { r: 'x' },
          errorOutput: { Error: 'E' },
        },
      ),
    ).toEqual([1, 'x', 'E', 'exec', 6]);
  });

  it('answers $now() and $millis() from the given time, never the system clock', () => {
    expect(run('{% [$now(), $millis()] %}')).toEqual([NOW, Date.parse(NOW)]);
    expect(run("{% $now('[Y0001]-[M01]-[D01]') %}")).toBe('2024-05-01');
  });

  it('draws $uuid() and $random() from the injected randomness, and a seeded $random from its seed', () => {
    expect(run('{% [$uuid(), $uuid(), $random()] %}')).toEqual(['uuid-1', 'uuid-2', 0.25]);
    const seeded = run('{% [$random(42), $random(42), $random(7)] %}') as number[];
    expect(seeded[0]).toBe(seeded[1]);
    expect(seeded[0]).not.toBe(seeded[2]);
    expect(seeded.every((n) => n >= 0 && n < 1)).toBe(true);
  });

  it("shuffles with $shuffle by drawing from the injected randomness, not the worker's Math.random", () => {
    let draws = 0;
    const first = fakeDataContext({ random: () => (draws++, 0) });
    // With every draw 0, each Fisher–Yates step swaps the last unshuffled element to the front.
    expect(run('{% $shuffle([1, 2, 3, 4]) %}', { input: {} }, first)).toEqual([2, 3, 4, 1]);
    expect(draws).toBe(3);
    const almostOne = fakeDataContext({ random: () => 1 - Number.EPSILON });
    expect(run('{% $shuffle([1, 2, 3, 4]) %}', { input: {} }, almostOne)).toEqual([1, 2, 3, 4]);
    expect(run('{% $exists($shuffle($nothing)) %}', { input: {} })).toBe(false);
  });

  it('provides $partition, $range, $hash and $parse', () => {
    expect(run('{% $partition([1,2,3,4,5], 2) %}')).toEqual([[1, 2], [3, 4], [5]]);
    expect(run('{% $range(0, 10, 5) %}')).toEqual([0, 5, 10]);
    expect(run("{% $hash('input data', 'SHA-1') %}")).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(run(`{% $parse('{"a":[1]}') %}`)).toEqual({ a: [1] });
    expect(run("{% $parse('-0') %}")).toBe(0);
  });

  it('fails with AWS’s sentence when an expression returns nothing', () => {
    const error = failure('{% $doesNotExist %}');
    expect(error.error).toBe('States.QueryEvaluationError');
    expect(error.location).toBe('Output');
    expect(error.cause).toBe(
      "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).",
    );
    expect(failure({ a: [1, '{% $nope %}'] }).location).toBe('Output/a[1]');
  });

  it('fails with the JSONata error code and message when an expression throws', () => {
    expect(failure('{% $states.input.a() %}').cause).toMatch(
      /The JSONata expression '\$states\.input\.a\(\)' specified for the field 'Output' threw an error during evaluation\. T1006: /,
    );
    expect(failure("{% $eval('1') %}").cause).toMatch(/T1006/);
  });

  it('reports bad arguments of the Step Functions functions as evaluation errors', () => {
    expect(failure('{% $partition([1], 0) %}').cause).toMatch(
      /threw an error during evaluation: Argument 2 of function \$partition must be a positive integer/,
    );
    expect(failure('{% $range(1, 5, 0) %}').cause).toMatch(/\$range must not be 0/);
    expect(failure('{% $range(1, 2000, 1) %}').cause).toMatch(/more than the maximum of 1000/);
    expect(failure("{% $hash('a', 'SHA-3') %}").cause).toMatch(
      /Argument 2 of function \$hash must be one of MD5, SHA-1/,
    );
    expect(failure("{% $parse('{') %}").cause).toMatch(/\$parse could not parse/);
    expect(failure('{% $random(1.5) %}').cause).toMatch(/must be an integer/);
    expect(failure("{% $partition('x', 'y') %}").cause).toMatch(/T0410|does not match/);
  });

  it('describes a result of the wrong type', () => {
    const error = unexpectedResultType(fakeDataContext(), 'Items', '{% $ItemsVar %}', 'array', { foo: 'bar' });
    expect(error.cause).toBe(
      "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}",
    );
  });
});
