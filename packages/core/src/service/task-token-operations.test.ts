import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { InvalidOutput, InvalidToken, TaskDoesNotExist, TaskTimedOut, ValidationException } from '../errors/index.js';
import { createServiceFixture } from '../testing/service-fixture.js';

describe('SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat', () => {
  const CALLBACK = {
    StartAt: 'Callback',
    States: {
      Callback: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { 'token.$': '$$.Task.Token' },
        HeartbeatSeconds: 60,
        End: true,
      },
    },
  };
  const services = { 'arn:aws:states:::sqs:sendMessage': async () => ({ ok: true as const, output: {} }) };

  it('completes the callback task with SendTaskSuccess', async () => {
    const f = createServiceFixture(memoryStore(), { services });
    const executionArn = await f.run(CALLBACK);
    expect(await f.sfn.sendTaskSuccess({ taskToken: await f.taskToken(executionArn), output: '{"ok":1}' })).toEqual({});
    expect(await f.describe(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"ok":1}' });
  });

  it('fails the callback task with SendTaskFailure, with or without error and cause', async () => {
    const f = createServiceFixture(memoryStore(), { services });
    const withDetails = await f.run(CALLBACK);
    expect(await f.sfn.sendTaskFailure({ taskToken: await f.taskToken(withDetails), error: 'E', cause: 'C' })).toEqual(
      {},
    );
    expect(await f.describe(withDetails)).toMatchObject({ status: 'FAILED', error: 'E', cause: 'C' });
    const bare = await f.run(CALLBACK);
    expect(await f.sfn.sendTaskFailure({ taskToken: await f.taskToken(bare) })).toEqual({});
    expect((await f.describe(bare)).status).toBe('FAILED');
  });

  it('keeps the callback task alive with SendTaskHeartbeat', async () => {
    const f = createServiceFixture(memoryStore(), { services });
    const executionArn = await f.run(CALLBACK);
    const taskToken = await f.taskToken(executionArn);
    await f.clock.advance(50_000);
    expect(await f.sfn.sendTaskHeartbeat({ taskToken })).toEqual({});
    await f.clock.advance(50_000);
    expect((await f.describe(executionArn)).status).toBe('RUNNING');
    await f.clock.advance(10_000);
    expect(await f.describe(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
  });

  it('rejects output that is not JSON with InvalidOutput and leaves the task pending', async () => {
    const f = createServiceFixture(memoryStore(), { services });
    const executionArn = await f.run(CALLBACK);
    await expect(f.sfn.sendTaskSuccess({ taskToken: await f.taskToken(executionArn), output: 'nope' })).rejects.toThrow(
      InvalidOutput,
    );
    expect((await f.describe(executionArn)).status).toBe('RUNNING');
  });

  it.each([
    [
      'a missing token',
      () => ({ output: '{}' }),
      "Value null at 'taskToken' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a missing output',
      () => ({ taskToken: 't' }),
      "Value null at 'output' failed to satisfy constraint: Member must not be null",
    ],
    [
      'an empty token',
      () => ({ taskToken: '', output: '{}' }),
      "Value at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'a 2049-character token',
      () => ({ taskToken: 't'.repeat(2049), output: '{}' }),
      "Value at 'taskToken' failed to satisfy constraint: Member must have length less than or equal to 2048",
    ],
    [
      'output over 256 KiB',
      () => ({ taskToken: 't', output: `"${'a'.repeat(262_143)}"` }),
      "Value at 'output' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding",
    ],
  ])('rejects SendTaskSuccess with %s', async (_, input, violation) => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.sendTaskSuccess(input() as { taskToken: string; output: string })).rejects.toThrow(
      new ValidationException(`1 validation error detected: ${violation}`),
    );
  });

  it('rejects SendTaskFailure with an over-long error and cause together', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(
      sfn.sendTaskFailure({ taskToken: 't', error: 'e'.repeat(257), cause: 'c'.repeat(32_769) }),
    ).rejects.toThrow(
      new ValidationException(
        "2 validation errors detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256; " +
          "Value at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768",
      ),
    );
  });

  it('rejects a token statefold did not issue with InvalidToken', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    const error = new InvalidToken("Invalid Token: 'Invalid token'");
    await expect(sfn.sendTaskSuccess({ taskToken: 't', output: '{}' })).rejects.toThrow(error);
    await expect(sfn.sendTaskFailure({ taskToken: 't' })).rejects.toThrow(error);
    await expect(sfn.sendTaskHeartbeat({ taskToken: 't' })).rejects.toThrow(error);
  });

  it('rejects the token of an execution that does not exist with TaskDoesNotExist', async () => {
    const f = createServiceFixture(memoryStore(), { services });
    const executionArn = await f.run(CALLBACK);
    const forged = Buffer.from(JSON.stringify([`${executionArn}-gone`, 2, 'nonce']), 'utf8').toString('base64url');
    await expect(f.sfn.sendTaskSuccess({ taskToken: forged, output: '{}' })).rejects.toThrow(TaskDoesNotExist);
    await expect(f.sfn.sendTaskHeartbeat({ taskToken: forged })).rejects.toThrow(TaskDoesNotExist);
  });

  it('rejects the token of a task that has finished or timed out with TaskTimedOut', async () => {
    const f = createServiceFixture(memoryStore(), { services });
    const executionArn = await f.run(CALLBACK);
    const taskToken = await f.taskToken(executionArn);
    await f.clock.advance(60_000);
    expect((await f.describe(executionArn)).error).toBe('States.HeartbeatTimeout');
    await expect(f.sfn.sendTaskSuccess({ taskToken, output: '{}' })).rejects.toThrow(TaskTimedOut);
    await expect(f.sfn.sendTaskFailure({ taskToken })).rejects.toThrow(TaskTimedOut);
    await expect(f.sfn.sendTaskHeartbeat({ taskToken })).rejects.toThrow(TaskTimedOut);
  });
});
