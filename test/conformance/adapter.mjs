// Runs one conformance case in-process: the real StepFunctions service on a memory store, with a
// fake clock so that Waits and timeouts cost nothing, and Lambda tasks sent over HTTP to the runner's
// fake Lambda endpoint through the server's own Lambda invoker, so that lambda:invoke reports the
// endpoint's real response headers. Contract: ../shared/conformance/run.mjs.
import { StepFunctions } from '@statefold/core';
import { FakeClock } from '@statefold/core/testing';
import { HttpLambdaInvoker } from '@statefold/server';
import { memoryStore } from '@statefold/store-memory';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/conformance';
let counter = 0;

export async function run({ definition, input, stateMachineType, lambdaEndpoint }) {
  const clock = new FakeClock(new Date());
  const lambda = new HttpLambdaInvoker({ endpoint: lambdaEndpoint });
  const sfn = new StepFunctions({ store: memoryStore(), clock, lambda });
  try {
    const { stateMachineArn } = await sfn.createStateMachine({
      name: `conformance-${++counter}`,
      definition,
      roleArn: ROLE_ARN,
      type: stateMachineType,
    });
    const { executionArn } = await sfn.startExecution({ stateMachineArn, input });
    // Move time on in steps until the execution ends (a day at most: every case is shorter).
    let description = await sfn.describeExecution({ executionArn });
    for (let step = 0; description.status === 'RUNNING' && step < 24 * 60; step++) {
      await clock.advance(60_000);
      description = await sfn.describeExecution({ executionArn });
    }
    const events = [];
    let nextToken;
    do {
      const page = await sfn.getExecutionHistory({
        executionArn,
        maxResults: 1000,
        ...(nextToken ? { nextToken } : {}),
      });
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken);
    return {
      status: description.status,
      output: description.output,
      error: description.error,
      cause: description.cause,
      events,
    };
  } finally {
    await sfn.close();
  }
}

// TestState in-process: the same service, its Lambda tasks sent to the runner's fake Lambda.
export async function testState(request, { invokeLambda }) {
  const lambda = {
    async invoke({ functionName, payload }) {
      return invokeLambda(functionName, payload);
    },
  };
  const sfn = new StepFunctions({ store: memoryStore(), lambda });
  try {
    return await sfn.testState(request);
  } finally {
    await sfn.close();
  }
}
