import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InvalidArn, InvalidDefinition, StateMachineTypeNotSupported } from '../errors/index.js';
import { memoryStore } from '../store/index.js';
import { createServiceFixture, ROLE_ARN, type ServiceFixture } from '../testing/service-fixture.js';

const GREET = JSON.stringify({
  StartAt: 'Greet',
  States: { Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.who)" }, End: true } },
});

async function express(fixture: ServiceFixture, definition: string, name = 'quick'): Promise<string> {
  return (await fixture.sfn.createStateMachine({ name, definition, roleArn: ROLE_ARN, type: 'EXPRESS' }))
    .stateMachineArn;
}

describe('Express state machines', () => {
  it('runs StartSyncExecution to the end and answers with the output and billing details', async () => {
    const fixture = createServiceFixture(memoryStore());
    const stateMachineArn = await express(fixture, GREET);
    const answer = await fixture.sfn.startSyncExecution({ stateMachineArn, name: 'hi', input: '{"who":"Ada"}' });
    expect(answer).toEqual({
      executionArn: expect.stringMatching(/^arn:aws:states:us-east-1:123456789012:express:quick:hi:[0-9a-f-]+$/),
      stateMachineArn,
      name: 'hi',
      startDate: new Date('2024-01-01T00:00:00.000Z'),
      stopDate: new Date('2024-01-01T00:00:00.000Z'),
      status: 'SUCCEEDED',
      input: '{"who":"Ada"}',
      inputDetails: { included: true },
      output: '{"greeting":"Hello, Ada!"}',
      outputDetails: { included: true },
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: 100 },
    });
    // The same name again is a new execution: Express names may repeat.
    const again = await fixture.sfn.startSyncExecution({ stateMachineArn, name: 'hi', includedData: 'METADATA_ONLY' });
    expect(again.executionArn).not.toBe(answer.executionArn);
    expect(again.input).toBeUndefined();
    expect(again.output).toBeUndefined();
  });

  it('answers a failed execution with status FAILED, and a Wait past five minutes with TIMED_OUT', async () => {
    const fixture = createServiceFixture(memoryStore());
    const failing = await express(
      fixture,
      JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Nope', Cause: 'on purpose' } } }),
      'failing',
    );
    expect(await fixture.sfn.startSyncExecution({ stateMachineArn: failing })).toMatchObject({
      status: 'FAILED',
      error: 'Nope',
      cause: 'on purpose',
    });
    const slow = await express(
      fixture,
      JSON.stringify({ StartAt: 'W', TimeoutSeconds: 3600, States: { W: { Type: 'Wait', Seconds: 600, End: true } } }),
      'slow',
    );
    const waiting = firstValueFrom(
      fixture.sfn.engine.events$.pipe(filter(({ event }) => event.type === 'WaitStateEntered')),
    );
    const pending = fixture.sfn.startSyncExecution({ stateMachineArn: slow });
    await waiting;
    await fixture.clock.advance(300_000);
    const answer = await pending;
    expect(answer).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(answer.billingDetails.billedDurationInMilliseconds).toBe(300_000);
  });

  it('refuses StartSyncExecution on a STANDARD state machine', async () => {
    const fixture = createServiceFixture(memoryStore());
    const stateMachineArn = await fixture.createStateMachine(GREET);
    await expect(fixture.sfn.startSyncExecution({ stateMachineArn })).rejects.toThrow(
      new StateMachineTypeNotSupported('This operation is not supported by this type of state machine'),
    );
  });

  it('refuses callbacks, .sync and activities in an Express definition, at creation and on update', async () => {
    const fixture = createServiceFixture(memoryStore());
    const task = (Resource: string) =>
      JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource, End: true } } });
    await expect(express(fixture, task('arn:aws:states:::sqs:sendMessage.waitForTaskToken'))).rejects.toThrow(
      new InvalidDefinition([
        "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration at /States/T/Resource",
      ]),
    );
    await expect(express(fixture, task('arn:aws:states:::states:startExecution.sync:2'))).rejects.toThrow(
      InvalidDefinition,
    );
    await expect(express(fixture, task('arn:aws:states:us-east-1:123456789012:activity:work'))).rejects.toThrow(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at /States/T/Resource'",
    );
    const stateMachineArn = await express(fixture, GREET);
    const nested = JSON.stringify({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } } },
          ],
        },
      },
    });
    await expect(fixture.sfn.updateStateMachine({ stateMachineArn, definition: nested })).rejects.toThrow(
      'at /States/P/Branches[0]/States/T/Resource',
    );
  });

  it('keeps no history of an Express execution unless expressHistory is on', async () => {
    const fixture = createServiceFixture(memoryStore());
    const stateMachineArn = await express(fixture, GREET);
    const { executionArn } = await fixture.sfn.startExecution({ stateMachineArn, input: '{"who":"Bo"}' });
    expect(executionArn).toContain(':express:quick:');
    await expect(fixture.sfn.getExecutionHistory({ executionArn })).rejects.toThrow(
      new InvalidArn("Invalid Arn: 'Resource type not valid in this context: express'"),
    );
    await expect(fixture.sfn.describeExecution({ executionArn })).rejects.toThrow(InvalidArn);

    const debugging = createServiceFixture(memoryStore(), { expressHistory: true });
    const debugArn = await express(debugging, GREET);
    const started = await debugging.sfn.startExecution({ stateMachineArn: debugArn, input: '{"who":"Bo"}' });
    await debugging.clock.settle();
    expect(await debugging.types(started.executionArn)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    const described = await debugging.describe(started.executionArn);
    expect(described).toMatchObject({ status: 'SUCCEEDED', output: '{"greeting":"Hello, Bo!"}' });
    expect(described.redriveStatus).toBeUndefined();
  });
});
