import { describe, expect, it } from 'vitest';
import { InvalidArn } from '../errors/index.js';
import { activityArn, assertRoleArn, executionArn, parseArnOfType, stateMachineArn } from './arns.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };

describe('ARN building', () => {
  it('builds state machine, execution and activity ARNs in the account and region', () => {
    expect(stateMachineArn(scope, 'sm')).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:sm');
    expect(executionArn(scope, 'sm', 'run')).toBe('arn:aws:states:us-east-1:123456789012:execution:sm:run');
    expect(activityArn(scope, 'act')).toBe('arn:aws:states:us-east-1:123456789012:activity:act');
  });
});

describe('parseArnOfType', () => {
  it.each([
    ['arn:aws:states:us-east-1:123456789012:stateMachine:sm', 'stateMachine', ['sm']],
    ['arn:aws:states:eu-west-2:123456789012:stateMachine:sm:7', 'stateMachine', ['sm', '7']],
    ['arn:aws:states:us-east-1:123456789012:execution:sm:run', 'execution', ['sm', 'run']],
    ['arn:aws-cn:states:cn-north-1:123456789012:activity:act', 'activity', ['act']],
  ] as const)('reads %s as a %s', (arn, type, parts) => {
    expect(parseArnOfType(arn, type)).toEqual(parts);
  });

  it.each([
    ['not-an-arn', 'stateMachine', "Invalid Arn: 'Invalid ARN prefix: not-an-arn'"],
    ['', 'stateMachine', "Invalid Arn: 'Invalid ARN prefix: '"],
    [
      'arn:aws:lambda:us-east-1:123456789012:function:f',
      'stateMachine',
      "Invalid Arn: 'Invalid ARN prefix: arn:aws:lambda:us-east-1:123456789012:function:f'",
    ],
    [
      'arn:aws:states:us-east-1:12345:stateMachine:sm',
      'stateMachine',
      "Invalid Arn: 'Invalid ARN prefix: arn:aws:states:us-east-1:12345:stateMachine:sm'",
    ],
    [
      'arn:aws:states:nowhere:123456789012:stateMachine:sm',
      'stateMachine',
      "Invalid Arn: 'Invalid ARN prefix: arn:aws:states:nowhere:123456789012:stateMachine:sm'",
    ],
    [
      'arn:aws:states:us-east-1:123456789012:activity:a',
      'stateMachine',
      "Invalid Arn: 'Resource type not valid in this context: activity'",
    ],
    [
      'arn:aws:states:us-east-1:123456789012:stateMachine:sm',
      'execution',
      "Invalid Arn: 'Resource type not valid in this context: stateMachine'",
    ],
    [
      'arn:aws:states:us-east-1:123456789012:execution:sm:run',
      'activity',
      "Invalid Arn: 'Resource type not valid in this context: execution'",
    ],
    [
      'arn:aws:states:us-east-1:123456789012:execution:sm',
      'execution',
      "Invalid Arn: 'arn:aws:states:us-east-1:123456789012:execution:sm'",
    ],
    [
      'arn:aws:states:us-east-1:123456789012:stateMachine:',
      'stateMachine',
      "Invalid Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:'",
    ],
    [
      'arn:aws:states:us-east-1:123456789012:activity:a:b',
      'activity',
      "Invalid Arn: 'arn:aws:states:us-east-1:123456789012:activity:a:b'",
    ],
  ] as const)('rejects %j where a %s is expected', (arn, type, message) => {
    expect(() => parseArnOfType(arn, type)).toThrow(new InvalidArn(message));
  });
});

describe('assertRoleArn', () => {
  it('accepts IAM role ARNs, with or without a path', () => {
    expect(() => assertRoleArn('arn:aws:iam::123456789012:role/service-role/MyRole')).not.toThrow();
    expect(() => assertRoleArn('arn:aws:iam::123456789012:role/r')).not.toThrow();
  });

  it.each([
    ['role', "Invalid Arn: 'Invalid ARN prefix: role'"],
    ['arn:aws:iam::123456789012:user/u', "Invalid Arn: 'Resource type not valid in this context: user'"],
    ['arn:aws:s3:::bucket', "Invalid Arn: 'Resource type not valid in this context: bucket'"],
    ['arn:aws:iam::123456789012:role/', "Invalid Arn: 'arn:aws:iam::123456789012:role/'"],
  ])('rejects %j with InvalidArn', (arn, message) => {
    expect(() => assertRoleArn(arn)).toThrow(new InvalidArn(message));
  });
});
