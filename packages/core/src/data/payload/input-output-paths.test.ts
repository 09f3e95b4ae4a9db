import { describe, expect, it } from 'vitest';
import { StatesFailure } from '../../errors/index.js';
import { createContextObject } from '../context/context-object.js';
import type { DataContext } from '../context/data-context.js';
import { applyInputPath, applyOutputPath, selectPath } from './input-output-paths.js';
import type { JsonValue } from '../json/json.js';

const context = createContextObject({
  execution: {
    Id: 'arn:aws:states:us-east-1:123456789012:execution:machine:run-1',
    Input: { 'input-value': 0 },
    Name: 'run-1',
    RoleArn: 'arn:aws:iam::123456789012:role/role',
    StartTime: '2024-01-01T00:00:00.000Z',
    RedriveCount: 0,
  },
  state: { Name: 'TestState', EnteredTime: '2024-01-01T00:00:00.000Z', RetryCount: 0 },
  stateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:machine', Name: 'machine' },
});

const dataContext: DataContext = {
  context,
  variables: { counter: 3, user: { name: 'Ana' } },
  random: () => 0.5,
  uuid: () => '00000000-0000-4000-8000-000000000000',
  state: { name: 'task', enteredEventId: 2 },
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

describe('applyInputPath', () => {
  const input: JsonValue = { a: { b: [1, 2] }, items: [] };

  it('keeps the input when InputPath is absent and gives {} when it is null', () => {
    expect(applyInputPath(undefined, input, dataContext)).toBe(input);
    expect(applyInputPath(null, input, dataContext)).toEqual({});
  });

  it('selects a definite path as its value and an indefinite one as an array', () => {
    expect(applyInputPath('$.a.b[1]', input, dataContext)).toBe(2);
    expect(applyInputPath('$.a.b[*]', input, dataContext)).toEqual([1, 2]);
  });

  it('reads the execution input from the context object (conformance case context_object)', () => {
    expect(applyInputPath('$$.Execution.Input', input, dataContext)).toEqual({ 'input-value': 0 });
  });

  it('reads variables with $name paths', () => {
    expect(applyInputPath('$counter', input, dataContext)).toBe(3);
    expect(applyInputPath('$user.name', input, dataContext)).toBe('Ana');
  });

  it('gives an empty array for a wildcard or slice over a missing array (conformance group base)', () => {
    expect(applyInputPath('$.item.items[1:]', {}, dataContext)).toEqual([]);
    expect(applyInputPath('$.items[:1].itemValue', {}, dataContext)).toEqual([]);
    expect(applyInputPath('$[*]', {}, dataContext)).toEqual([]);
  });

  it('fails with States.Runtime and AWS cause when a definite path matches nothing', () => {
    const failure = failureOf(() => applyInputPath('$.NoSuchTimeoutSecondsPath', input, dataContext));
    expect(failure.error).toBe('States.Runtime');
    expect(failure.cause).toBe(
      "An error occurred while executing the state 'task' (entered at the event id #2). " +
        "Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path: $['NoSuchTimeoutSecondsPath']",
    );
  });

  it('fails for a variable that does not exist', () => {
    expect(failureOf(() => applyInputPath('$missing', input, dataContext)).error).toBe('States.Runtime');
  });

  it('leaves the prefix out when the state is not known', () => {
    const { state: _state, ...withoutState } = dataContext;
    expect(failureOf(() => applyInputPath('$.x', {}, withoutState)).cause).toBe(
      "Invalid path '$.x' : No results for path: $['x']",
    );
  });

  // Jayway, AWS's JSONPath, tells a missing step from a missing leaf (scenarios/test_catch_states_runtime).
  it('names the first missing property when the path stops before its last step', () => {
    const { state: _state, ...withoutState } = dataContext;
    expect(failureOf(() => applyInputPath('$.x.y', {}, withoutState)).cause).toBe(
      "Invalid path '$.x.y' : Missing property in path $['x']",
    );
    expect(failureOf(() => applyInputPath('$.a[0].b.c', { a: [{}] }, withoutState)).cause).toBe(
      "Invalid path '$.a[0].b.c' : Missing property in path $['a'][0]['b']",
    );
    expect(failureOf(() => applyInputPath('$.a.b', { a: { c: 1 } }, withoutState)).cause).toBe(
      "Invalid path '$.a.b' : No results for path: $['a']['b']",
    );
  });
});

describe('applyOutputPath', () => {
  it('selects from the output like InputPath, and null gives {}', () => {
    expect(applyOutputPath('$.result', { result: { ok: true } }, dataContext)).toEqual({ ok: true });
    expect(applyOutputPath(null, { result: 1 }, dataContext)).toEqual({});
    expect(applyOutputPath(undefined, 'same', dataContext)).toBe('same');
    expect(failureOf(() => applyOutputPath('$.nope', {}, dataContext)).error).toBe('States.Runtime');
  });
});

describe('selectPath', () => {
  it('reads a …Path field from the input', () => {
    expect(selectPath('$.seconds', { seconds: 10 }, dataContext, 'SecondsPath')).toBe(10);
  });

  it('evaluates an intrinsic function where the field allows one (CausePath)', () => {
    expect(selectPath("States.Format('failed: {}', $.why)", { why: 'boom' }, dataContext, 'CausePath')).toBe(
      'failed: boom',
    );
  });

  it('fails with States.Runtime for a path that matches nothing', () => {
    const failure = failureOf(() => selectPath('$.TimestampValue', {}, dataContext, 'TimestampPath'));
    expect(failure.cause).toContain("Invalid path '$.TimestampValue' : No results for path: $['TimestampValue']");
  });
});
