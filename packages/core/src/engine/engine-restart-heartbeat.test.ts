import { describe, expect, it } from 'vitest';
import { StepFunctions } from '../service/index.js';
import { memoryStore } from '../store/index.js';
import { FakeClock } from '../testing/index.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/statefold';

/** An activity Task with HeartbeatSeconds 10 whose worker heartbeats every 8 s, then a restart. */
async function heartbeatingTaskAcrossARestart(): Promise<{
  clock: FakeClock;
  sfn: StepFunctions;
  executionArn: string;
  taskToken: string;
}> {
  const store = memoryStore();
  const clock = new FakeClock();
  const before = new StepFunctions({ store, clock });
  const { activityArn } = await before.createActivity({ name: 'worker' });
  const definition = {
    StartAt: 'Work',
    States: { Work: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 10, End: true } },
  };
  const { stateMachineArn } = await before.createStateMachine({
    name: 'beat',
    definition: JSON.stringify(definition),
    roleArn: ROLE_ARN,
  });
  const { executionArn } = await before.startExecution({ stateMachineArn, name: 'beating', input: '{}' });
  const { taskToken = '' } = await before.getActivityTask({ activityArn });
  for (let beat = 0; beat < 3; beat++) {
    await clock.advance(8_000);
    await before.sendTaskHeartbeat({ taskToken });
  }
  await before.close();
  const sfn = new StepFunctions({ store, clock });
  await sfn.recover();
  return { clock, sfn, executionArn, taskToken };
}

describe('a heartbeating task across an engine restart', () => {
  it('gets a whole heartbeat interval from the restart instead of timing out from its start', async () => {
    const { clock, sfn, executionArn, taskToken } = await heartbeatingTaskAcrossARestart();
    await clock.advance(9_000);
    expect((await sfn.describeExecution({ executionArn })).status).toBe('RUNNING');
    await sfn.sendTaskSuccess({ taskToken, output: '{"done":true}' });
    expect(await sfn.describeExecution({ executionArn })).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"done":true}',
    });
    await sfn.close();
  });

  it('still times out when the worker stays silent for a whole interval after the restart', async () => {
    const { clock, sfn, executionArn } = await heartbeatingTaskAcrossARestart();
    await clock.advance(10_000);
    expect(await sfn.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'States.HeartbeatTimeout',
    });
    await sfn.close();
  });
});
