import { describe, expect, it } from 'vitest';
import { StatesFailure } from '../../errors/index.js';
import type { DataContext } from '../context/data-context.js';
import { resolvePayloadTemplate } from './payload-template.js';
import type { JsonValue } from '../json/json.js';

const dataContext: DataContext = {
  context: { Execution: { Name: 'run-1' }, Map: { Item: { Index: 2, Value: 'v' } } },
  variables: { limit: 10 },
  random: () => 0,
  uuid: () => 'uuid-1',
  state: { name: 'Pick', enteredEventId: 2 },
};

function failureOf(run: () => unknown): StatesFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof StatesFailure) return error;
    throw error;
  }
  throw new Error('expected a StatesFailure');
}

describe('resolvePayloadTemplate', () => {
  const input: JsonValue = { flagged: 7, vals: [0, 10, 20, 30, 40, 50] };

  it('resolves the ASL specification example, keeping static fields', () => {
    const template: JsonValue = { flagged: true, parts: { 'first.$': '$.vals[0]', 'last3.$': '$.vals[3:]' } };
    expect(resolvePayloadTemplate(template, input, dataContext, 'Parameters')).toEqual({
      flagged: true,
      parts: { first: 0, last3: [30, 40, 50] },
    });
  });

  it('selects a field whose name holds escape sequences (AWS ESCAPE_SEQUENCES_JSONPATH)', () => {
    const template: JsonValue = { 'value.$': `$['Test\\""Name"']` };
    expect(resolvePayloadTemplate(template, { 'Test\\""Name"': 'Value"\\' }, dataContext, 'Parameters')).toEqual({
      value: 'Value"\\',
    });
  });

  it('reads the context object, variables and intrinsic calls', () => {
    const template: JsonValue = {
      'name.$': '$$.Execution.Name',
      'index.$': '$$.Map.Item.Index',
      'limit.$': '$limit',
      'id.$': 'States.UUID()',
    };
    expect(resolvePayloadTemplate(template, input, dataContext, 'ItemSelector')).toEqual({
      name: 'run-1',
      index: 2,
      limit: 10,
      id: 'uuid-1',
    });
  });

  it('resolves templates nested inside arrays', () => {
    expect(resolvePayloadTemplate([{ 'v.$': '$.flagged' }, 'plain'], input, dataContext, 'ResultSelector')).toEqual([
      { v: 7 },
      'plain',
    ]);
  });

  it('gives an empty array for a slice over a missing array (conformance group base)', () => {
    expect(resolvePayloadTemplate({ 'item.$': '$.items[1:]' }, {}, dataContext, 'Parameters')).toEqual({ item: [] });
  });

  it('leaves literal values, including strings that look like paths, alone', () => {
    expect(resolvePayloadTemplate({ path: '$.vals', n: 1, none: null }, input, dataContext, 'Parameters')).toEqual({
      path: '$.vals',
      n: 1,
      none: null,
    });
  });

  it('never mutates the template or the input', () => {
    const template = Object.freeze({ 'a.$': '$.flagged' });
    const frozenInput = Object.freeze({ flagged: 1 });
    expect(resolvePayloadTemplate(template, frozenInput, dataContext, 'Parameters')).toEqual({ a: 1 });
    expect(template).toEqual({ 'a.$': '$.flagged' });
  });

  it('fails with States.Runtime and AWS cause when a path matches nothing', () => {
    const failure = failureOf(() =>
      resolvePayloadTemplate({ 'missing.$': '$.nope.deep' }, { other: 1 }, dataContext, 'Parameters'),
    );
    expect(failure.error).toBe('States.Runtime');
    expect(failure.cause).toBe(
      "An error occurred while executing the state 'Pick' (entered at the event id #2). " +
        "The JSONPath '$.nope.deep' specified for the field 'missing.$' could not be found in the input '{\"other\":1}'",
    );
  });

  it('fails with States.Runtime when a path is applied to a null input', () => {
    expect(failureOf(() => resolvePayloadTemplate({ 'a.$': '$.x' }, null, dataContext, 'Parameters')).cause).toContain(
      'Unable to apply Path transformation to null or empty input.',
    );
  });

  it('fails with States.IntrinsicFailure when an intrinsic fails', () => {
    const failure = failureOf(() =>
      resolvePayloadTemplate({ 'a.$': 'States.ArrayGetItem($.vals, 99)' }, input, dataContext, 'Parameters'),
    );
    expect(failure.error).toBe('States.IntrinsicFailure');
  });
});
