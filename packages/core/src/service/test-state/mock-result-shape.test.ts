import { afterAll, describe, expect, it } from 'vitest';
import { ValidationException } from '../../errors/index.js';
import { StepFunctions } from '../step-functions.js';

// fieldValidationMode: TestState checks a mocked Task result against the integrated API's response
// shape, as the AWS SDK's models give it (STRICT by default, as on AWS).

const sfn = new StepFunctions();
afterAll(() => sfn.close());

function task(resource: string, extra: object = {}): string {
  return JSON.stringify({ Type: 'Task', Resource: resource, End: true, ...extra });
}

function mocked(definition: string, result: unknown, fieldValidationMode?: 'STRICT' | 'PRESENT' | 'NONE') {
  return sfn.testState({
    definition,
    input: '{}',
    mock: { result: JSON.stringify(result), ...(fieldValidationMode === undefined ? {} : { fieldValidationMode }) },
  });
}

const START_EXECUTION = task('arn:aws:states:::states:startExecution', {
  Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Target' },
});
const PUT_ITEM = task('arn:aws:states:::dynamodb:putItem', { Parameters: { TableName: 't', Item: {} } });

describe('a mocked Task result under fieldValidationMode', () => {
  it('is checked STRICT when no mode is given: a required member must be there', async () => {
    await expect(mocked(START_EXECUTION, { executionArn: 'arn', startDate: 'today' })).rejects.toThrow(
      new ValidationException("Mock result schema validation error: Required field 'ExecutionArn' is missing"),
    );
  });

  it('checks the type of every present member, nested ones too', async () => {
    await expect(mocked(START_EXECUTION, { ExecutionArn: 'arn', StartDate: true }, 'STRICT')).rejects.toThrow(
      "Mock result schema validation error: Field 'StartDate' must be a string",
    );
    await expect(mocked(PUT_ITEM, { ConsumedCapacity: { CapacityUnits: '123.45' } }, 'PRESENT')).rejects.toThrow(
      "Mock result schema validation error: Field 'CapacityUnits' must be a number",
    );
    await expect(mocked(PUT_ITEM, { Attributes: { id: 'plain' } }, 'PRESENT')).rejects.toThrow(
      "Field 'id' must be an object",
    );
  });

  it('lets PRESENT leave out required members, and NONE anything', async () => {
    expect(await mocked(START_EXECUTION, { StartDate: '2024-01-01' }, 'PRESENT')).toMatchObject({
      status: 'SUCCEEDED',
    });
    expect(await mocked(START_EXECUTION, { StartDate: 7 }, 'NONE')).toMatchObject({ status: 'SUCCEEDED' });
    const ok = { ConsumedCapacity: { TableName: 't', CapacityUnits: 1.5 }, Attributes: { id: { S: 'x' } } };
    expect(await mocked(PUT_ITEM, ok)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('accepts an empty result for a response without required members', async () => {
    const putEvents = task('arn:aws:states:::events:putEvents', { Parameters: { Entries: [] } });
    expect(await mocked(putEvents, {}, 'STRICT')).toMatchObject({ status: 'SUCCEEDED', output: '{}' });
  });

  it("takes lambda:invoke's Payload as JSON, and checks the rest of the Invoke response", async () => {
    const invoke = task('arn:aws:states:::lambda:invoke', { Parameters: { FunctionName: 'f' } });
    expect(await mocked(invoke, { StatusCode: 200, Payload: { ok: true } })).toMatchObject({ status: 'SUCCEEDED' });
    await expect(mocked(invoke, { StatusCode: '200' })).rejects.toThrow("Field 'StatusCode' must be a number");
  });

  it('checks nothing where no API model applies: a function ARN, a callback', async () => {
    const callback = task('arn:aws:states:::sqs:sendMessage.waitForTaskToken', {
      Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } },
    });
    expect(await mocked(callback, 'approved', 'STRICT')).toMatchObject({ status: 'SUCCEEDED' });
    const fn = task('arn:aws:lambda:us-east-1:123456789012:function:f');
    expect(await mocked(fn, [1, 2], 'STRICT')).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('refuses STRICT or PRESENT asked for an API whose shape statefold lacks, and runs it unchecked by default', async () => {
    const getObject = task('arn:aws:states:::aws-sdk:s3:getObject', { Parameters: { Bucket: 'b', Key: 'k' } });
    await expect(mocked(getObject, { StorageClass: 'Papyrus' }, 'PRESENT')).rejects.toThrow(
      "fieldValidationMode PRESENT cannot be checked for the resource 'arn:aws:states:::aws-sdk:s3:getObject'",
    );
    expect(await mocked(getObject, { StorageClass: 'Papyrus' })).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('reads the SDK model of aws-sdk integrations of the services it has', async () => {
    const sendMessage = task('arn:aws:states:::aws-sdk:sqs:sendMessage', {
      Parameters: { QueueUrl: 'q', MessageBody: 'm' },
    });
    await expect(mocked(sendMessage, { MessageId: 5 }, 'PRESENT')).rejects.toThrow(
      "Field 'MessageId' must be a string",
    );
  });
});
