import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { StatesFailure } from '../../errors/index.js';
import type { DataContext } from '../context/data-context.js';
import type { JsonValue } from '../json/json.js';
import { evaluateIntrinsic } from './evaluate-intrinsic.js';

const dataContext: DataContext = { context: {}, variables: {}, random: () => 0, uuid: () => 'u' };
const run = (expression: string, input: JsonValue = {}): JsonValue => evaluateIntrinsic(expression, input, dataContext);

function errorOf(expression: string, input: JsonValue = {}): string {
  try {
    run(expression, input);
  } catch (error) {
    if (error instanceof StatesFailure) return error.error;
    throw error;
  }
  throw new Error(`expected ${expression} to fail`);
}

describe('States.StringToJson and States.JsonToString', () => {
  it('parse and serialise the AWS documentation examples', () => {
    expect(run('States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' })).toEqual({
      foo: 'bar',
    });
    expect(run('States.JsonToString($.unescapedJson)', { unescapedJson: { foo: 'bar' } })).toBe('{"foo":"bar"}');
  });

  it('serialises null as "null" (conformance case test_json_to_string)', () => {
    expect(run('States.JsonToString($.FunctionInput)', { FunctionInput: null })).toBe('null');
  });

  it('parses every JSON text, and gives null for an empty or blank string (AWS test_string_to_json)', () => {
    expect(run('States.StringToJson($.s)', { s: '' })).toBeNull();
    expect(run('States.StringToJson($.s)', { s: ' \t\r\n' })).toBeNull();
    expect(JSON.stringify(run('States.StringToJson($.s)', { s: '-0' }))).toBe('0');
    expect(run('States.StringToJson($.s)', { s: ' 1.1 ' })).toBe(1.1);
    expect(run('States.StringToJson($.s)', { s: '"HelloWorld"' })).toBe('HelloWorld');
    expect(run('States.StringToJson($.s)', { s: '[1, 2, "x"]' })).toEqual([1, 2, 'x']);
  });

  it('fails for a string that is not JSON', () => {
    expect(errorOf("States.StringToJson('x')")).toBe('States.IntrinsicFailure');
    expect(errorOf("States.StringToJson('{nope')")).toBe('States.IntrinsicFailure');
    expect(errorOf('States.StringToJson(1)')).toBe('States.IntrinsicFailure');
  });

  test.prop([fc.jsonValue()])('StringToJson(JsonToString(v)) is v', (value) => {
    const json = JSON.parse(JSON.stringify(value)) as JsonValue;
    expect(run('States.StringToJson(States.JsonToString($.v))', { v: json })).toEqual(json);
  });
});

describe('States.JsonMerge', () => {
  it('merges shallowly, the second object winning (AWS documentation example)', () => {
    const input = {
      json1: { a: { a1: 1, a2: 2 }, b: 2 },
      json2: { a: { a3: 1, a4: 2 }, c: 3 },
    };
    expect(run('States.JsonMerge($.json1, $.json2, false)', input)).toEqual({ a: { a3: 1, a4: 2 }, b: 2, c: 3 });
  });

  it('fails for deep merging or a non-object argument', () => {
    expect(errorOf('States.JsonMerge($.a, $.a, true)', { a: {} })).toBe('States.IntrinsicFailure');
    expect(errorOf('States.JsonMerge($.a, 1, false)', { a: {} })).toBe('States.IntrinsicFailure');
    expect(errorOf('States.JsonMerge($.a, $.a)', { a: {} })).toBe('States.IntrinsicFailure');
  });
});
