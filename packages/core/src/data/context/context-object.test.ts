import { describe, expect, it } from 'vitest';
import { createContextObject, type ContextObjectParts } from './context-object.js';

const parts: ContextObjectParts = {
  execution: {
    Id: 'arn:aws:states:us-east-1:123456789012:execution:machine:run-1',
    Input: { a: 1 },
    Name: 'run-1',
    RoleArn: 'arn:aws:iam::123456789012:role/role',
    StartTime: '2024-01-01T00:00:00.000Z',
    RedriveCount: 0,
  },
  state: { Name: 'First', EnteredTime: '2024-01-01T00:00:01.000Z', RetryCount: 2 },
  stateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:machine', Name: 'machine' },
};

describe('createContextObject', () => {
  it('shapes $$ with the Execution, State and StateMachine keys in AWS order', () => {
    const context = createContextObject(parts);
    expect(Object.keys(context)).toEqual(['Execution', 'State', 'StateMachine']);
    expect(context['Execution']).toEqual(parts.execution);
    expect(context['State']).toEqual({ EnteredTime: '2024-01-01T00:00:01.000Z', Name: 'First', RetryCount: 2 });
    expect(Object.keys(context['StateMachine'] ?? {})).toEqual(['Id', 'Name']);
  });

  it('leaves RetryCount out of State when it is not given (states that cannot retry)', () => {
    const context = createContextObject({ ...parts, state: { Name: 'P', EnteredTime: '2024-01-01T00:00:01.000Z' } });
    expect(context['State']).toEqual({ EnteredTime: '2024-01-01T00:00:01.000Z', Name: 'P' });
  });

  it('adds Task and Map only when they are given', () => {
    const context = createContextObject({
      ...parts,
      task: { Token: 'token-1' },
      map: { Item: { Index: 3, Value: { id: 'x' } } },
    });
    expect(context['Task']).toEqual({ Token: 'token-1' });
    expect(context['Map']).toEqual({ Item: { Index: 3, Value: { id: 'x' } } });
  });

  it('includes RedriveTime only after a redrive', () => {
    const redriven = createContextObject({
      ...parts,
      execution: { ...parts.execution, RedriveCount: 1, RedriveTime: '2024-01-02T00:00:00.000Z' },
    });
    expect(redriven['Execution']).toMatchObject({ RedriveCount: 1, RedriveTime: '2024-01-02T00:00:00.000Z' });
    expect(createContextObject(parts)['Execution']).not.toHaveProperty('RedriveTime');
  });
});
