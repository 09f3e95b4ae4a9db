import { afterAll, describe, expect, it } from 'vitest';
import type { DataContext } from '../context/data-context.js';
import { createJsonataRuntime } from '../jsonata/index.js';
import { evaluateAssign } from './evaluate-assign.js';
import {
  MAX_ASSIGN_BYTES,
  MAX_TOTAL_VARIABLE_BYTES,
  MAX_VARIABLE_BYTES,
  serializeAssignedVariables,
} from './variable-limits.js';

const dataContext: DataContext = {
  context: { Execution: { Name: 'run-1' } },
  variables: { old: 1 },
  random: () => 0.5,
  uuid: () => 'u',
  state: { name: 'S', enteredEventId: 4 },
};
const runtime = createJsonataRuntime();
afterAll(() => runtime.close());
const jsonata = { runtime, now: '2024-01-01T00:00:00.000Z' };

describe('evaluateAssign', () => {
  it('resolves a JSONPath Assign against the given value, variables, the context and intrinsics', () => {
    expect(
      evaluateAssign(
        {
          literal: { a: [1] },
          'fromValue.$': '$.x',
          'fromVar.$': '$old',
          'ctx.$': '$$.Execution.Name',
          'sum.$': 'States.MathAdd($old, 2)',
        },
        'JSONPath',
        { value: { x: 'v' }, states: { input: {} } },
        dataContext,
        jsonata,
      ),
    ).toEqual({ literal: { a: [1] }, fromValue: 'v', fromVar: 1, ctx: 'run-1', sum: 3 });
  });

  it('evaluates a JSONata Assign over $states and the variables from before the state', () => {
    expect(
      evaluateAssign(
        { old: '{% $old + 1 %}', seen: '{% $old %}', fromResult: '{% $states.result.r %}' },
        'JSONata',
        { value: null, states: { input: {}, result: { r: 'R' } } },
        dataContext,
        jsonata,
      ),
    ).toEqual({ old: 2, seen: 1, fromResult: 'R' });
  });

  it('names the failing value by its field in the cause', () => {
    expect(() =>
      evaluateAssign(
        { x: '{% $nothing %}' },
        'JSONata',
        { value: null, states: { input: {} } },
        dataContext,
        jsonata,
        'Choices[0]/Assign',
      ),
    ).toThrow(/specified for the field 'Choices\[0\]\/Assign\/x' returned nothing/);
    expect(() =>
      evaluateAssign({ 'x.$': '$.missing' }, 'JSONPath', { value: {}, states: { input: {} } }, dataContext, jsonata),
    ).toThrow(/could not be found/);
  });
});

describe('serializeAssignedVariables', () => {
  it('records every value as JSON text', () => {
    expect(serializeAssignedVariables({ s: 'a', n: 1, o: { k: [true, null] } }, {}, dataContext)).toEqual({
      s: '"a"',
      n: '1',
      o: '{"k":[true,null]}',
    });
  });

  it('accepts values up to each limit and refuses the byte past it with States.DataLimitExceeded', () => {
    const justFits = 'x'.repeat(MAX_VARIABLE_BYTES - 2);
    expect(serializeAssignedVariables({ v: justFits }, { v: justFits }, dataContext).v).toHaveLength(
      MAX_VARIABLE_BYTES,
    );
    const over = `${justFits}x`;
    expect(() => serializeAssignedVariables({ v: over }, { v: over }, dataContext)).toThrow(
      expect.objectContaining({ error: 'States.DataLimitExceeded' }),
    );
    const half = 'y'.repeat(MAX_ASSIGN_BYTES / 2);
    expect(() => serializeAssignedVariables({ a: half, b: half }, { a: half, b: half }, dataContext)).toThrow(
      /maximum of 262144 bytes for one Assign/,
    );
    const stored: Record<string, string> = {};
    for (let i = 0; i < MAX_TOTAL_VARIABLE_BYTES / (MAX_VARIABLE_BYTES - 10); i++)
      stored[`v${i}`] = 'z'.repeat(MAX_VARIABLE_BYTES - 10);
    expect(() => serializeAssignedVariables({ last: 'z' }, { ...stored, last: 'z' }, dataContext)).toThrow(
      /exceeding the maximum of 10485760 bytes/,
    );
  });

  it('counts UTF-8 bytes, not characters', () => {
    const wide = 'é'.repeat(MAX_VARIABLE_BYTES / 2);
    expect(() => serializeAssignedVariables({ w: wide }, { w: wide }, dataContext)).toThrow(
      /exceeding the maximum of 262144 bytes for a variable/,
    );
  });
});
