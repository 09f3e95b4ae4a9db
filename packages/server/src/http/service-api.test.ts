import type { StepFunctions } from '@statefold/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ACTION_NAMES } from './action-input-types.js';
import { findActionMethod, methodNameOf, type ServiceApi } from './service-api.js';

describe('ServiceApi', () => {
  it('accepts the StepFunctions service class as it is', () => {
    expectTypeOf<StepFunctions>().toExtend<ServiceApi>();
  });

  it('names each action’s method in lowerCamelCase', () => {
    expect(methodNameOf('StartExecution')).toBe('startExecution');
    expect(methodNameOf('ValidateStateMachineDefinition')).toBe('validateStateMachineDefinition');
    expect(new Set(ACTION_NAMES.map(methodNameOf)).size).toBe(ACTION_NAMES.length);
  });

  it('finds a method bound to its service, and nothing for a missing or non-function member', async () => {
    class Service {
      readonly prefix = 'arn:';
      async describeActivity(input: { activityArn: string }) {
        return { activityArn: this.prefix + input.activityArn };
      }
    }
    const service = new Service();
    const method = findActionMethod(service, 'DescribeActivity');
    expect(await method?.({ activityArn: 'a' })).toEqual({ activityArn: 'arn:a' });
    expect(findActionMethod(service, 'DeleteActivity')).toBeUndefined();
    expect(
      findActionMethod({ listActivities: 'not a function' } as unknown as ServiceApi, 'ListActivities'),
    ).toBeUndefined();
  });
});
