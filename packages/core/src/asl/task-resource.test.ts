import { describe, expect, it } from 'vitest';
import { parseDefinition } from './parse-definition.js';
import { classifyResource } from './task-resource.js';

describe('classifyResource', () => {
  it('tells a Lambda function, an activity, lambda:invoke and another service integration apart', () => {
    expect(classifyResource('arn:aws:lambda:us-east-1:123456789012:function:f:live')).toEqual({
      kind: 'lambda-function',
      resourceType: 'lambda',
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:f:live',
      waitForTaskToken: false,
    });
    expect(classifyResource('arn:aws:states:us-east-1:123456789012:activity:a')?.kind).toBe('activity');
    expect(classifyResource('arn:aws:states:::lambda:invoke.waitForTaskToken')).toEqual({
      kind: 'lambda-invoke',
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      waitForTaskToken: true,
    });
    expect(classifyResource('arn:aws:states:::sqs:sendMessage')).toEqual({
      kind: 'service',
      resourceType: 'sqs',
      resource: 'sendMessage',
      waitForTaskToken: false,
    });
  });

  it('gives nothing for a resource statefold cannot run', () => {
    expect(classifyResource('arn:aws:ecs:us-east-1:123456789012:task/t')).toBeUndefined();
  });
});

describe('parseDefinition on a Task', () => {
  it('classifies its Resource once, into the model', () => {
    const model = parseDefinition(
      JSON.stringify({
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true } },
      }),
    );
    const state = model.States['T'];
    expect(state?.Type === 'Task' ? state.resourceInfo : undefined).toEqual({
      kind: 'service',
      resourceType: 'sns',
      resource: 'publish',
      waitForTaskToken: false,
    });
  });

  it('leaves out the classification of a resource statefold cannot run', () => {
    const model = parseDefinition(
      JSON.stringify({
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: 'arn:aws:ecs:us-east-1:123456789012:task/t', End: true } },
      }),
    );
    expect(model.States['T']).not.toHaveProperty('resourceInfo');
  });
});
