import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StepFunctions } from '@statefold/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAwsServiceTask } from './aws-service-task.js';

// The embedded StepFunctions class with createAwsServiceTask registered for every aws-sdk:dynamodb
// action, against a small server speaking DynamoDB's AWS JSON 1.0 protocol: a conditional put that
// the server refuses is caught as DynamoDb.ConditionalCheckFailedException.

let server: ReturnType<typeof createServer>;
let endpoint: string;
const targets: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      targets.push(String(request.headers['x-amz-target']));
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'r-1' });
      response.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
          message: 'The conditional request failed',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('maps a DynamoDB error of an aws-sdk: call to DynamoDb.<Code> that a Catch can name', async () => {
  const sfn = new StepFunctions({
    services: { 'arn:aws:states:::aws-sdk:dynamodb:*': createAwsServiceTask({ endpoint }) },
  });
  try {
    const { stateMachineArn } = await sfn.createStateMachine({
      name: 'conditional',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      definition: JSON.stringify({
        StartAt: 'Put',
        States: {
          Put: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:dynamodb:putItem',
            Parameters: { TableName: 'T', Item: { id: { S: '1' } }, ConditionExpression: 'attribute_not_exists(id)' },
            Catch: [{ ErrorEquals: ['DynamoDb.ConditionalCheckFailedException'], Next: 'Exists' }],
            End: true,
          },
          Exists: { Type: 'Pass', End: true },
        },
      }),
    });
    const { executionArn } = await sfn.startExecution({ stateMachineArn, input: '{}' });
    let described = await sfn.describeExecution({ executionArn });
    for (let attempt = 0; described.status === 'RUNNING' && attempt < 500; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      described = await sfn.describeExecution({ executionArn });
    }
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toEqual({
      Error: 'DynamoDb.ConditionalCheckFailedException',
      Cause:
        'The conditional request failed (Service: DynamoDb; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: r-1; Proxy: null)',
    });
    expect(targets).toEqual(['DynamoDB_20120810.PutItem']);
  } finally {
    await sfn.close();
  }
});
