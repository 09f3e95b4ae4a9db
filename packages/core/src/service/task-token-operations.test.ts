import { memoryStore } from '@statefold/store-memory';
import { describe, expect, it } from 'vitest';
import { InvalidOutput, InvalidToken, TaskDoesNotExist, TaskTimedOut, ValidationException } from '../errors/index.js';
import { createServiceFixture } from './testing/service-fixture.js';

describe('SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat', () => {
  it('hand the validated request to the engine', async () => {
    const { sfn, engine } = createServiceFixture(memoryStore());
    expect(await sfn.sendTaskSuccess({ taskToken: 't1', output: '{"ok":1}' })).toEqual({});
    expect(await sfn.sendTaskFailure({ taskToken: 't2', error: 'E', cause: 'C' })).toEqual({});
    expect(await sfn.sendTaskFailure({ taskToken: 't3' })).toEqual({});
    expect(await sfn.sendTaskHeartbeat({ taskToken: 't4' })).toEqual({});
    expect(engine.calls).toEqual([
      { kind: 'sendTaskSuccess', taskToken: 't1', output: '{"ok":1}' },
      { kind: 'sendTaskFailure', taskToken: 't2', error: 'E', cause: 'C' },
      { kind: 'sendTaskFailure', taskToken: 't3' },
      { kind: 'sendTaskHeartbeat', taskToken: 't4' },
    ]);
  });

  it('rejects output that is not JSON with InvalidOutput before reaching the engine', async () => {
    const { sfn, engine } = createServiceFixture(memoryStore());
    await expect(sfn.sendTaskSuccess({ taskToken: 't', output: 'nope' })).rejects.toThrow(InvalidOutput);
    expect(engine.calls).toEqual([]);
  });

  it.each([
    ['a missing token', () => ({ output: '{}' }), "Value null at 'taskToken' failed to satisfy constraint: Member must not be null"],
    ['a missing output', () => ({ taskToken: 't' }), "Value null at 'output' failed to satisfy constraint: Member must not be null"],
    ['an empty token', () => ({ taskToken: '', output: '{}' }), "Value at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1"],
    ['a 2049-character token', () => ({ taskToken: 't'.repeat(2049), output: '{}' }), "Value at 'taskToken' failed to satisfy constraint: Member must have length less than or equal to 2048"],
    ['output over 256 KiB', () => ({ taskToken: 't', output: `"${'a'.repeat(262_143)}"` }), "Value at 'output' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding"],
  ])('rejects SendTaskSuccess with %s', async (_, input, violation) => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.sendTaskSuccess(input() as { taskToken: string; output: string })).rejects.toThrow(
      new ValidationException(`1 validation error detected: ${violation}`),
    );
  });

  it('rejects SendTaskFailure with an over-long error and cause together', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.sendTaskFailure({ taskToken: 't', error: 'e'.repeat(257), cause: 'c'.repeat(32_769) })).rejects.toThrow(
      new ValidationException(
        "2 validation errors detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256; " +
          "Value at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768",
      ),
    );
  });

  it.each([
    new InvalidToken("Invalid Token: 'Invalid token'"),
    new TaskDoesNotExist('Task Does Not Exist'),
    new TaskTimedOut('Task Timed Out'),
  ])('passes the engine’s %s on unchanged', async (error) => {
    const { sfn, engine } = createServiceFixture(memoryStore());
    engine.taskError = error;
    await expect(sfn.sendTaskSuccess({ taskToken: 't', output: '{}' })).rejects.toBe(error);
    await expect(sfn.sendTaskFailure({ taskToken: 't' })).rejects.toBe(error);
    await expect(sfn.sendTaskHeartbeat({ taskToken: 't' })).rejects.toBe(error);
  });
});
