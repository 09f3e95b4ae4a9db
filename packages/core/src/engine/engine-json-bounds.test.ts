import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, type JsonValue } from '../data/index.js';
import { memoryStore } from '../store/index.js';
import { createServiceFixture } from '../testing/service-fixture.js';

// Issue 16, point 6: JSON nests at most MAX_JSON_DEPTH levels wherever it enters (API inputs are
// refused with AWS's error; values produced while running fail their state), and no number turns
// into null on the way in.

const nestedArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const nestedObjects = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nestedValue = (depth: number): JsonValue => {
  let value: JsonValue = 1;
  for (let level = 0; level < depth; level++) value = [value];
  return value;
};
const TOO_DEEP = `more than ${MAX_JSON_DEPTH} levels deep`;
const SERVICE = 'arn:aws:states:::sns:publish';

describe('JSON bounds on execution data', () => {
  it('runs an input nested exactly to the bound through a Wait and returns it unchanged', async () => {
    const f = createServiceFixture(memoryStore());
    const input = nestedObjects(MAX_JSON_DEPTH);
    const stateMachineArn = await f.createStateMachine({
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 10, Next: 'P' }, P: { Type: 'Pass', End: true } },
    });
    const { executionArn } = await f.sfn.startExecution({ stateMachineArn, input });
    await f.clock.advance(10_000);
    const described = await f.describe(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(described.output).toBe(input);
    expect(f.errors).toEqual([]);
  });

  it.each([MAX_JSON_DEPTH + 1, 120_000])(
    'refuses an input nested %d levels with InvalidExecutionInput',
    async (depth) => {
      const f = createServiceFixture(memoryStore());
      const stateMachineArn = await f.createStateMachine({
        StartAt: 'W',
        States: { W: { Type: 'Wait', Seconds: 10, End: true } },
      });
      const started = f.sfn.startExecution({ stateMachineArn, input: nestedArrays(depth) });
      await expect(started).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
      await expect(started).rejects.toThrow(
        `Invalid State Machine Execution Input: 'The JSON nests arrays and objects ${TOO_DEEP}'`,
      );
      expect((await f.sfn.listExecutions({ stateMachineArn })).executions).toEqual([]);
    },
  );

  it('refuses SendTaskSuccess output nested 120,000 levels with InvalidOutput, and the task still waits', async () => {
    const f = createServiceFixture(memoryStore());
    const { activityArn } = await f.sfn.createActivity({ name: 'worker' });
    const arn = await f.run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: activityArn, End: true } } });
    const { taskToken = '' } = await f.sfn.getActivityTask({ activityArn });
    const sent = f.sfn.sendTaskSuccess({ taskToken, output: nestedArrays(120_000) });
    await expect(sent).rejects.toMatchObject({ name: 'InvalidOutput' });
    await expect(sent).rejects.toThrow(`Invalid Output: 'The JSON nests arrays and objects ${TOO_DEEP}'`);
    expect((await f.describe(arn)).status).toBe('RUNNING');
    await f.sfn.sendTaskSuccess({ taskToken, output: '{"done":true}' });
    await f.clock.settle();
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"done":true}' });
    expect(f.errors).toEqual([]);
  });

  it.each([MAX_JSON_DEPTH + 1, 100_000])(
    'fails a task whose handler returns a value nested %d levels with States.Runtime',
    async (depth) => {
      const f = createServiceFixture(memoryStore(), {
        services: { [SERVICE]: async () => ({ ok: true, output: nestedValue(depth) }) },
      });
      const arn = await f.run({
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: SERVICE, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
          Caught: { Type: 'Succeed' },
        },
      });
      const described = await f.describe(arn);
      expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
      expect(described.cause).toContain(
        `The task result cannot be processed: The JSON nests arrays and objects ${TOO_DEEP}`,
      );
      expect(f.errors).toEqual([]);
    },
  );

  it('fails with States.Runtime a state whose output grows past the bound in a loop', async () => {
    const f = createServiceFixture(memoryStore());
    // Each pass wraps the input in 300 more levels: the fourth pass goes past the bound.
    let template: JsonValue = { 'wrapped.$': '$' };
    for (let level = 0; level < 299; level++) template = { a: template };
    const arn = await f.run({
      StartAt: 'Wrap',
      States: {
        Wrap: { Type: 'Pass', Parameters: template, Next: 'Again' },
        Again: { Type: 'Choice', Choices: [{ Variable: '$.done', IsPresent: true, Next: 'Done' }], Default: 'Wrap' },
        Done: { Type: 'Succeed' },
      },
    });
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(described.cause).toBe(
      `The state/task 'Wrap' returned a result that cannot be processed: The JSON nests arrays and objects ${TOO_DEEP}.`,
    );
    expect((await f.types(arn)).filter((type) => type === 'PassStateExited')).toHaveLength(3);
    expect(f.errors).toEqual([]);
  });

  it('fails with States.Runtime a state whose Assign wraps a variable past the bound in a loop', async () => {
    const f = createServiceFixture(memoryStore());
    let template: JsonValue = { 'wrapped.$': '$x' };
    for (let level = 0; level < 299; level++) template = { a: template };
    const arn = await f.run({
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { x: 0 }, Next: 'Wrap' },
        Wrap: { Type: 'Pass', Assign: { x: template }, Next: 'Again' },
        Again: { Type: 'Choice', Choices: [{ Variable: '$.done', IsPresent: true, Next: 'Done' }], Default: 'Wrap' },
        Done: { Type: 'Succeed' },
      },
    });
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(described.cause).toContain(
      `The variable 'x' cannot be assigned: The JSON nests arrays and objects ${TOO_DEEP}.`,
    );
    expect(f.errors).toEqual([]);
  });

  it('fails States.StringToJson of a string nested past the bound with States.IntrinsicFailure', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'P',
        States: { P: { Type: 'Pass', Parameters: { 'v.$': 'States.StringToJson($.text)' }, End: true } },
      },
      { text: nestedArrays(50_000) },
    );
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.IntrinsicFailure' });
    expect(described.cause).toContain(
      `Invalid arguments in States.StringToJson: The JSON nests arrays and objects ${TOO_DEEP}`,
    );
    expect(f.errors).toEqual([]);
  });

  it('fails JSONata $parse of a string nested past the bound with States.QueryEvaluationError', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'P',
        States: { P: { Type: 'Pass', Output: '{% $parse($states.input.text) %}', End: true } },
      },
      { text: nestedArrays(50_000) },
    );
    const described = await f.describe(arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(described.cause).toContain(`The JSON nests arrays and objects ${TOO_DEEP}`);
    expect(f.errors).toEqual([]);
  });

  it('refuses a definition nested past the bound with InvalidDefinition', async () => {
    const f = createServiceFixture(memoryStore());
    const definition = `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":${nestedArrays(100_000)},"End":true}}}`;
    const created = f.createStateMachine(definition);
    await expect(created).rejects.toMatchObject({ name: 'InvalidDefinition' });
    await expect(created).rejects.toThrow(`INVALID_JSON_DESCRIPTION: The JSON nests arrays and objects ${TOO_DEEP}`);
    const validated = await f.sfn.validateStateMachineDefinition({ definition });
    expect(validated.result).toBe('FAIL');
  });
});

describe('JSON numbers out of range', () => {
  it('refuses 1e400 in an execution input rather than turning it into null', async () => {
    const f = createServiceFixture(memoryStore());
    const stateMachineArn = await f.createStateMachine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const started = f.sfn.startExecution({ stateMachineArn, input: '{"big":1e400,"fine":1e300}' });
    await expect(started).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(started).rejects.toThrow('The number 1e400 is out of range');
  });

  it('keeps every number a double holds, and strings that look like big numbers', async () => {
    const f = createServiceFixture(memoryStore());
    const input = '{"big":1e300,"small":-1.5e-300,"text":"1e400","max":1.7976931348623157e308}';
    const stateMachineArn = await f.createStateMachine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const { executionArn } = await f.sfn.startExecution({ stateMachineArn, input });
    await f.clock.settle();
    const { status, output = '' } = await f.describe(executionArn);
    expect(status).toBe('SUCCEEDED');
    expect(JSON.parse(output)).toEqual({ big: 1e300, small: -1.5e-300, text: '1e400', max: Number.MAX_VALUE });
  });

  it('refuses 1e400 in SendTaskSuccess output and in States.StringToJson', async () => {
    const f = createServiceFixture(memoryStore());
    const { activityArn } = await f.sfn.createActivity({ name: 'worker' });
    await f.run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: activityArn, End: true } } });
    const { taskToken = '' } = await f.sfn.getActivityTask({ activityArn });
    await expect(f.sfn.sendTaskSuccess({ taskToken, output: '[-1E+400]' })).rejects.toMatchObject({
      name: 'InvalidOutput',
      message:
        "Invalid Output: 'The number -1E+400 is out of range: a JSON number must lie within ±1.7976931348623157e308'",
    });
    const arn = await f.run(
      {
        StartAt: 'P',
        States: { P: { Type: 'Pass', Parameters: { 'v.$': 'States.StringToJson($.text)' }, End: true } },
      },
      { text: '{"n":1e400}' },
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.IntrinsicFailure' });
  });
});
