import { describe, expect, it } from 'vitest';
import { StoreClosed } from '../store/index.js';
import { StepFunctions } from './step-functions.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/statefold';
const DEFINITION = JSON.stringify({
  StartAt: 'Greet',
  States: { Greet: { Type: 'Pass', Result: { hello: 'world' }, End: true } },
});

describe('new StepFunctions() with no options', () => {
  it('runs executions on its own memory store', async () => {
    const sfn = new StepFunctions();
    const { stateMachineArn } = await sfn.createStateMachine({
      name: 'hello',
      definition: DEFINITION,
      roleArn: ROLE_ARN,
    });
    const { executionArn } = await sfn.startExecution({ stateMachineArn, name: 'first', input: '{}' });
    const described = await sfn.describeExecution({ executionArn });
    expect(described).toMatchObject({ status: 'SUCCEEDED', output: '{"hello":"world"}' });
    expect((await sfn.listStateMachines()).stateMachines.map((machine) => machine.name)).toEqual(['hello']);
    await sfn.close();
  });

  it("keeps each instance's data apart", async () => {
    const first = new StepFunctions();
    const second = new StepFunctions();
    await first.createStateMachine({ name: 'only-in-first', definition: DEFINITION, roleArn: ROLE_ARN });
    expect((await second.listStateMachines()).stateMachines).toEqual([]);
    await Promise.all([first.close(), second.close()]);
  });

  it('closes the store it made when it is closed', async () => {
    const sfn = new StepFunctions();
    await sfn.close();
    await expect(sfn.listStateMachines()).rejects.toBeInstanceOf(StoreClosed);
  });
});
