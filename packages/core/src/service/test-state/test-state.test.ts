import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArn, InvalidDefinition, InvalidExecutionInput, ValidationException } from '../../errors/index.js';
import { InProcessLambda } from '../../testing/in-process-lambda.js';
import { StepFunctions } from '../step-functions.js';
import type { TestStateInput } from './test-state-types.js';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/tester';
let sfn: StepFunctions;

afterEach(async () => {
  await sfn?.close();
});

function service(lambda?: InProcessLambda): StepFunctions {
  let counter = 0;
  sfn = new StepFunctions({ uuid: () => `id-${++counter}`, ...(lambda === undefined ? {} : { lambda }) });
  return sfn;
}

function testState(input: Omit<TestStateInput, 'definition'> & { definition: unknown }) {
  return service().testState({ ...input, definition: JSON.stringify(input.definition) });
}

describe('StepFunctions.testState', () => {
  it('shows a Pass state’s data flow at DEBUG and names the state it goes to', async () => {
    const response = await testState({
      definition: {
        Type: 'Pass',
        InputPath: '$.data',
        Parameters: { 'b.$': '$.a' },
        ResultPath: '$.out',
        Next: 'After',
      },
      input: '{"data":{"a":1}}',
      inspectionLevel: 'DEBUG',
    });
    expect(response).toEqual({
      status: 'SUCCEEDED',
      output: '{"data":{"a":1},"out":{"b":1}}',
      nextState: 'After',
      inspectionData: {
        input: '{"data":{"a":1}}',
        afterInputPath: '{"a":1}',
        afterParameters: '{"b":1}',
        afterResultSelector: '{"b":1}',
        afterResultPath: '{"data":{"a":1},"out":{"b":1}}',
      },
    });
  });

  it('returns no inspection data at INFO and no next state for an End state', async () => {
    const response = await testState({ definition: { Type: 'Pass', End: true }, input: '{"a":1}' });
    expect(response).toEqual({ status: 'SUCCEEDED', output: '{"a":1}' });
  });

  it('tests one state of a whole state machine, with the variables given', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Next: 'Check' },
        Check: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $limit < $states.input.cost %}', Next: 'Ask', Assign: { asked: true } }],
          Default: 'Done',
        },
        Ask: { Type: 'Succeed' },
        Done: { Type: 'Succeed' },
      },
    };
    const response = await testState({
      definition,
      stateName: 'Check',
      input: '{"cost":20}',
      variables: '{"limit":10}',
      inspectionLevel: 'TRACE',
    });
    expect(response).toEqual({
      status: 'SUCCEEDED',
      output: '{"cost":20}',
      nextState: 'Ask',
      inspectionData: { input: '{"cost":20}', variables: '{"limit":10,"asked":true}' },
    });
  });

  it('answers a Task with its mocked result and applies ResultSelector and ResultPath', async () => {
    const response = await testState({
      definition: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:getItem',
        Parameters: { 'TableName.$': '$.table' },
        ResultSelector: { 'item.$': '$.Item' },
        ResultPath: '$.found',
        End: true,
      },
      input: '{"table":"t"}',
      inspectionLevel: 'DEBUG',
      mock: { result: '{"Item":{"id":{"S":"1"}}}' },
    });
    expect(response.status).toBe('SUCCEEDED');
    expect(JSON.parse(response.output ?? '')).toEqual({ table: 't', found: { item: { id: { S: '1' } } } });
    expect(response.inspectionData).toMatchObject({
      afterParameters: '{"TableName":"t"}',
      result: '{"Item":{"id":{"S":"1"}}}',
      afterResultSelector: '{"item":{"id":{"S":"1"}}}',
    });
  });

  it('calls a Lambda function when there is no mock', async () => {
    const lambda = new InProcessLambda().register('double', (payload) => ({ twice: Number(payload) * 2 }));
    const response = await service(lambda).testState({
      definition: JSON.stringify({ Type: 'Task', Resource: lambda.arnOf('double'), End: true }),
      input: '21',
    });
    expect(response).toEqual({ status: 'SUCCEEDED', output: '{"twice":42}' });
  });

  it('reports a mocked error that a Catch takes as CAUGHT_ERROR, with the catcher’s index', async () => {
    const response = await testState({
      definition: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'f' },
        Catch: [
          { ErrorEquals: ['Other'], Next: 'A' },
          { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' },
        ],
        End: true,
      },
      input: '{}',
      inspectionLevel: 'DEBUG',
      mock: { errorOutput: { error: 'Boom', cause: 'it broke' } },
    });
    expect(response).toMatchObject({
      status: 'CAUGHT_ERROR',
      error: 'Boom',
      cause: 'it broke',
      nextState: 'Recover',
      output: '{"error":{"Error":"Boom","Cause":"it broke"}}',
      inspectionData: { errorDetails: { catchIndex: 1 } },
    });
  });

  it('reports RETRIABLE with the backoff after the retries already made, and FAILED once they are used up', async () => {
    const definition = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'f' },
      Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 3 }],
      End: true,
    };
    const mock = { errorOutput: { error: 'Boom', cause: 'again' } };
    const retriable = await testState({
      definition,
      inspectionLevel: 'DEBUG',
      mock,
      stateConfiguration: { retrierRetryCount: 2 },
    });
    expect(retriable).toMatchObject({
      status: 'RETRIABLE',
      error: 'Boom',
      inspectionData: { errorDetails: { retryIndex: 0, retryBackoffIntervalSeconds: 18 } },
    });
    const failed = await testState({ definition, mock, stateConfiguration: { retrierRetryCount: 3 } });
    expect(failed).toEqual({ status: 'FAILED', error: 'Boom', cause: 'again' });
  });

  it('fails a Fail state with its error and cause', async () => {
    const response = await testState({ definition: { Type: 'Fail', Error: 'Nope', Cause: 'because' } });
    expect(response).toEqual({ status: 'FAILED', error: 'Nope', cause: 'because' });
  });

  it('mocks a Map’s iterations and judges a failure count against its tolerance', async () => {
    const definition = {
      Type: 'Map',
      ItemsPath: '$.items',
      ToleratedFailureCount: 1,
      ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Pass', End: true } } },
      End: true,
    };
    const input = '{"items":[1,2,3]}';
    const tolerated = await testState({
      definition,
      input,
      inspectionLevel: 'DEBUG',
      mock: { result: '[10,20,30]' },
      stateConfiguration: { mapIterationFailureCount: 1 },
    });
    expect(tolerated).toMatchObject({
      status: 'SUCCEEDED',
      output: '[10,20,30]',
      inspectionData: { afterItemsPath: '[1,2,3]', maxConcurrency: 0, toleratedFailureCount: 1 },
    });
    const exceeded = await testState({
      definition,
      input,
      mock: { result: '[10,20,30]' },
      stateConfiguration: { mapIterationFailureCount: 2 },
    });
    expect(exceeded).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });

  it('uses the caller’s context object', async () => {
    const response = await testState({
      definition: {
        Type: 'Pass',
        Parameters: { 'name.$': '$$.Execution.Name', 'token.$': '$$.Task.Token' },
        End: true,
      },
      context: '{"Execution":{"Name":"given"},"Task":{"Token":"t-1"}}',
    });
    expect(response.output).toBe('{"name":"given","token":"t-1"}');
  });

  it.each<
    [string, Omit<TestStateInput, 'definition'> & { definition: unknown }, new (...args: never[]) => Error, RegExp]
  >([
    [
      'a mock on a Pass state',
      { definition: { Type: 'Pass', End: true }, mock: { result: '{}' } },
      ValidationException,
      /State type 'Pass' is not supported when a mock is specified/,
    ],
    [
      'a Map without a mock',
      {
        definition: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
      InvalidDefinition,
      /does not support Map or Parallel states/,
    ],
    [
      'a callback Task without a mock',
      { definition: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true } },
      ValidationException,
      /waitForTaskToken/,
    ],
    [
      'input that is not JSON',
      { definition: { Type: 'Pass', End: true }, input: '{' },
      InvalidExecutionInput,
      /Invalid State Machine Execution Input/,
    ],
    ['a role that is not an ARN', { definition: { Type: 'Pass', End: true }, roleArn: 'nope' }, InvalidArn, /nope/],
    [
      'an unknown inspection level',
      { definition: { Type: 'Pass', End: true }, inspectionLevel: 'ALL' as 'INFO' },
      ValidationException,
      /inspectionLevel/,
    ],
    [
      'a state name the machine lacks',
      { definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }, stateName: 'B' },
      ValidationException,
      /'B' does not exist/,
    ],
    [
      'a context member $$ cannot hold',
      { definition: { Type: 'Pass', End: true }, context: '{"Execution":{"pokemon":1}}' },
      ValidationException,
      /Field 'pokemon' is not allowed/,
    ],
    [
      'a mocked result that is not JSON',
      { definition: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true }, mock: { result: 'nope' } },
      ValidationException,
      /mock.result/,
    ],
    [
      'a Map mock that is not an array',
      {
        definition: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
        mock: { result: '{}' },
      },
      ValidationException,
      /array/,
    ],
    ['an invalid state', { definition: { Type: 'Pass' } }, InvalidDefinition, /./],
  ])('rejects %s', async (_, input, errorClass, message) => {
    const rejection = testState(input);
    await expect(rejection).rejects.toBeInstanceOf(errorClass);
    await expect(rejection).rejects.toThrow(message);
  });

  it('runs as an express execution in the role’s account', async () => {
    const response = await testState({
      definition: { Type: 'Pass', Parameters: { 'id.$': '$$.Execution.Id', 'state.$': '$$.State.Name' }, End: true },
      roleArn: ROLE_ARN,
    });
    expect(JSON.parse(response.output ?? '')).toEqual({
      id: 'arn:aws:states:us-east-1:111122223333:express:id-1:id-2',
      state: 'StateName',
    });
  });
});
