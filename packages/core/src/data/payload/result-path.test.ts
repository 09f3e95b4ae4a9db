import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { StatesFailure } from '../../errors/index.js';
import { applyResultPath } from './result-path.js';
import { isJsonObject, type JsonValue } from '../json/json.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function readAt(value: JsonValue, names: readonly string[]): JsonValue | undefined {
  let node: JsonValue | undefined = value;
  for (const name of names) node = isJsonObject(node) ? node[name] : undefined;
  return node;
}

const state = { state: { name: 'Task', enteredEventId: 4 } };

describe('applyResultPath', () => {
  const input = deepFreeze({ comment: 'test', details: { who: 'me' } });

  it('replaces the input with the result when ResultPath is absent or $', () => {
    expect(applyResultPath(undefined, input, 'Hello')).toBe('Hello');
    expect(applyResultPath('$', input, 'Hello')).toBe('Hello');
  });

  it('discards the result when ResultPath is null', () => {
    expect(applyResultPath(null, input, 'Hello')).toBe(input);
  });

  it('merges the result into a copy of the input at a reference path', () => {
    expect(applyResultPath('$.taskresult', input, 'Hello')).toEqual({ ...input, taskresult: 'Hello' });
    expect(applyResultPath('$.details.who', input, 'you')).toEqual({ comment: 'test', details: { who: 'you' } });
  });

  it('writes a __proto__ member as a plain member, never as the prototype', () => {
    const parsed = deepFreeze(JSON.parse('{"__proto__":{"polluted":true},"a":1}') as JsonValue);
    const intoParsed = applyResultPath('$.b', parsed, 2);
    expect(Object.getPrototypeOf(intoParsed)).toBe(Object.prototype);
    expect(JSON.stringify(intoParsed)).toBe('{"__proto__":{"polluted":true},"a":1,"b":2}');
    const written = applyResultPath("$['__proto__']", input, { polluted: true });
    expect(Object.getPrototypeOf(written)).toBe(Object.prototype);
    expect(JSON.stringify(written)).toBe('{"comment":"test","details":{"who":"me"},"__proto__":{"polluted":true}}');
  });

  it('creates the objects a path runs through when they do not exist', () => {
    expect(applyResultPath('$.a.b.c', {}, 1)).toEqual({ a: { b: { c: 1 } } });
  });

  it('replaces an existing array item', () => {
    expect(applyResultPath('$.list[1]', { list: [1, 2, 3] }, 'x')).toEqual({ list: [1, 'x', 3] });
  });

  it('fails with States.ResultPathMatchFailure when the path runs through a non-object', () => {
    for (const [path, stateInput] of [
      ['$.a.b', { a: 'text' }],
      ['$.a', 'text'],
      ['$.list[5]', { list: [1] }],
      ['$.list[0]', { list: 'no' }],
    ] as const) {
      let failure: unknown;
      try {
        applyResultPath(path, stateInput, 1, state);
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(StatesFailure);
      expect((failure as StatesFailure).error).toBe('States.ResultPathMatchFailure');
      expect((failure as StatesFailure).cause).toBe(
        `An error occurred while executing the state 'Task' (entered at the event id #4). ` +
          `Unable to apply ResultPath '${path}' to input '${JSON.stringify(stateInput)}'`,
      );
    }
  });

  it('rejects a path that is not a reference path with States.Runtime', () => {
    expect(() => applyResultPath('$.a[*]', {}, 1)).toThrow(StatesFailure);
    expect(() => applyResultPath('$$.Execution', {}, 1)).toThrow(/ResultPath must be a reference path/);
  });

  const name = fc.stringMatching(/^[a-z]{1,6}$/);

  test.prop([fc.dictionary(name, fc.jsonValue()), fc.array(name, { minLength: 1, maxLength: 4 }), fc.jsonValue()])(
    'never mutates the input and always leaves the result reachable at the path',
    (rawInput, names, result) => {
      const stateInput = deepFreeze(rawInput as JsonValue);
      const snapshot = JSON.stringify(stateInput);
      let output: JsonValue;
      try {
        output = applyResultPath(`$.${names.join('.')}`, stateInput, result as JsonValue);
      } catch (error) {
        // A path through a non-object may fail, but only with AWS's error.
        expect((error as StatesFailure).error).toBe('States.ResultPathMatchFailure');
        return;
      }
      expect(JSON.stringify(stateInput)).toBe(snapshot);
      expect(readAt(output, names)).toEqual(result);
    },
  );

  test.prop([fc.dictionary(name, fc.jsonValue()), name, fc.jsonValue()])(
    'keeps every other key of the input when writing a top-level key',
    (rawInput, key, result) => {
      const stateInput = deepFreeze(rawInput as { [key: string]: JsonValue });
      const output = applyResultPath(`$.${key}`, stateInput, result as JsonValue);
      expect(output).toEqual({ ...stateInput, [key]: result });
    },
  );
});
