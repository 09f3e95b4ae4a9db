import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import {
  ExecutionDoesNotExist,
  InvalidArn,
  InvalidToken,
  ResourceNotFound,
  StateMachineDoesNotExist,
  ValidationException,
} from '../errors/index.js';
import { createServiceFixture, ROLE_ARN, type ServiceFixture } from '../testing/service-fixture.js';

const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:hello';

// An execution started with {"steps": n} passes through n Pass states and succeeds; any other
// input waits an hour.
const DEFINITION = JSON.stringify({
  StartAt: 'Route',
  States: {
    Route: { Type: 'Choice', Choices: [{ Variable: '$.steps', IsPresent: true, Next: 'Step' }], Default: 'Hold' },
    Hold: { Type: 'Wait', Seconds: 3600, End: true },
    Step: { Type: 'Pass', Parameters: { 'steps.$': 'States.MathAdd($.steps, -1)' }, Next: 'More' },
    More: { Type: 'Choice', Choices: [{ Variable: '$.steps', NumericGreaterThan: 0, Next: 'Step' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
});

async function withExecutions(count: number): Promise<ServiceFixture & { readonly arns: readonly string[] }> {
  const fixture = createServiceFixture(memoryStore());
  await fixture.sfn.createStateMachine({ name: 'hello', definition: DEFINITION, roleArn: ROLE_ARN });
  const arns: string[] = [];
  for (let i = 0; i < count; i += 1) {
    await fixture.clock.advance(1000);
    arns.push((await fixture.sfn.startExecution({ stateMachineArn: SM_ARN, name: `run-${i}` })).executionArn);
  }
  return Object.assign(fixture, { arns });
}

describe('ListExecutions', () => {
  it('pages through every execution, newest first, without duplicates', async () => {
    const { sfn, arns } = await withExecutions(7);
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.listExecutions({
        stateMachineArn: SM_ARN,
        maxResults: 2,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      expect(page.executions.length).toBeLessThanOrEqual(2);
      seen.push(...page.executions.map((item) => item.executionArn));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(seen).toEqual([...arns].reverse());
  });

  it('filters by status and reports stop dates of finished executions', async () => {
    const fixture = await withExecutions(0);
    const { sfn } = fixture;
    const arns: string[] = [];
    for (const [name, input] of [
      ['run-0', '{}'],
      ['run-1', '{"steps":1}'],
      ['run-2', '{}'],
    ] as const) {
      await fixture.clock.advance(1000);
      arns.push((await sfn.startExecution({ stateMachineArn: SM_ARN, name, input })).executionArn);
    }
    const succeeded = await sfn.listExecutions({ stateMachineArn: SM_ARN, statusFilter: 'SUCCEEDED' });
    expect(succeeded.executions).toEqual([
      expect.objectContaining({
        executionArn: arns[1],
        status: 'SUCCEEDED',
        name: 'run-1',
        stopDate: expect.any(Date),
      }),
    ]);
    const running = await sfn.listExecutions({ stateMachineArn: SM_ARN, statusFilter: 'RUNNING' });
    expect(running.executions.map((item) => item.name)).toEqual(['run-2', 'run-0']);
    expect(running.executions[0]).not.toHaveProperty('stopDate');
    expect((await sfn.listExecutions({ stateMachineArn: SM_ARN, redriveFilter: 'REDRIVEN' })).executions).toEqual([]);
  });

  it('rejects a token issued for another filter or state machine with InvalidToken', async () => {
    const { sfn } = await withExecutions(3);
    const { nextToken } = await sfn.listExecutions({ stateMachineArn: SM_ARN, maxResults: 1 });
    expect(nextToken).toBeDefined();
    const token = nextToken ?? '';
    await expect(
      sfn.listExecutions({ stateMachineArn: SM_ARN, statusFilter: 'RUNNING', nextToken: token }),
    ).rejects.toThrow(InvalidToken);
    await expect(sfn.listExecutions({ stateMachineArn: SM_ARN, nextToken: 'garbage' })).rejects.toThrow(
      new InvalidToken("Invalid Token: 'garbage'"),
    );
  });

  it.each([
    ['no ARN', {}, ValidationException],
    ['both ARNs', { stateMachineArn: SM_ARN, mapRunArn: `${SM_ARN}/m:1` }, ValidationException],
    ['a Map Run', { mapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:hello/m:1' }, ResourceNotFound],
    ['a missing state machine', { stateMachineArn: `${SM_ARN}x` }, StateMachineDoesNotExist],
    ['an activity ARN', { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:activity:a' }, InvalidArn],
    ['an unknown status', { stateMachineArn: SM_ARN, statusFilter: 'DONE' as 'RUNNING' }, ValidationException],
    ['maxResults 1001', { stateMachineArn: SM_ARN, maxResults: 1001 }, ValidationException],
    ['maxResults -1', { stateMachineArn: SM_ARN, maxResults: -1 }, ValidationException],
    ['an empty nextToken', { stateMachineArn: SM_ARN, nextToken: '' }, ValidationException],
  ])('rejects %s', async (_, input, error) => {
    const { sfn } = await withExecutions(0);
    await expect(sfn.listExecutions(input)).rejects.toThrow(error);
  });
});

describe('GetExecutionHistory', () => {
  async function withHistory(): Promise<ServiceFixture & { readonly executionArn: string }> {
    const fixture = await withExecutions(0);
    await fixture.clock.advance(1000);
    const { executionArn } = await fixture.sfn.startExecution({
      stateMachineArn: SM_ARN,
      name: 'steps',
      input: '{"steps":1}',
    });
    return Object.assign(fixture, { executionArn });
  }

  async function allIds(
    sfn: ServiceFixture['sfn'],
    executionArn: string,
    options: { readonly reverseOrder?: boolean; readonly maxResults: number },
  ): Promise<{ readonly ids: readonly number[]; readonly pages: number }> {
    const ids: number[] = [];
    let pages = 0;
    let nextToken: string | undefined;
    do {
      const page = await sfn.getExecutionHistory({
        executionArn,
        ...options,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      ids.push(...page.events.map((event) => event.id));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken !== undefined);
    return { ids, pages };
  }

  it('returns every event once, oldest first, across pages', async () => {
    const { sfn, executionArn } = await withHistory();
    expect(await allIds(sfn, executionArn, { maxResults: 4 })).toEqual({
      ids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      pages: 3,
    });
  });

  it('returns every event once, newest first, with reverseOrder', async () => {
    const { sfn, executionArn } = await withHistory();
    expect(await allIds(sfn, executionArn, { maxResults: 3, reverseOrder: true })).toEqual({
      ids: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
      pages: 4,
    });
  });

  it('gives timestamps as Dates and keeps payloads by default', async () => {
    const { sfn, executionArn } = await withHistory();
    const { events, nextToken } = await sfn.getExecutionHistory({ executionArn });
    expect(nextToken).toBeUndefined();
    expect(events[0]).toEqual({
      id: 1,
      previousEventId: 0,
      timestamp: new Date('2024-01-01T00:00:01.000Z'),
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input: '{"steps":1}', inputDetails: { truncated: false }, roleArn: ROLE_ARN },
    });
  });

  it('strips execution data from the details when includeExecutionData is false', async () => {
    const { sfn, executionArn } = await withHistory();
    const { events } = await sfn.getExecutionHistory({ executionArn, includeExecutionData: false });
    expect(events[0]).toMatchObject({ executionStartedEventDetails: { roleArn: ROLE_ARN } });
    expect(events[0]).not.toHaveProperty('executionStartedEventDetails.input');
    expect(events[1]).toEqual(expect.objectContaining({ stateEnteredEventDetails: { name: 'Route' } }));
    expect(events[9]).toEqual(expect.objectContaining({ executionSucceededEventDetails: {} }));
  });

  it('rejects a token from the other direction or from a list action with InvalidToken', async () => {
    const { sfn, executionArn } = await withHistory();
    const { nextToken } = await sfn.getExecutionHistory({ executionArn, maxResults: 2 });
    const token = nextToken ?? '';
    await expect(sfn.getExecutionHistory({ executionArn, reverseOrder: true, nextToken: token })).rejects.toThrow(
      InvalidToken,
    );
    const listed = await sfn.listExecutions({ stateMachineArn: SM_ARN, maxResults: 0 });
    expect(listed.nextToken).toBeUndefined();
    await expect(sfn.listStateMachines({ nextToken: token })).rejects.toThrow(InvalidToken);
  });

  it.each([
    ['a missing execution', 'arn:aws:states:us-east-1:123456789012:execution:hello:nope', ExecutionDoesNotExist],
    ['a state machine ARN', SM_ARN, InvalidArn],
  ])('rejects %s', async (_, executionArn, error) => {
    const { sfn } = await withExecutions(0);
    await expect(sfn.getExecutionHistory({ executionArn })).rejects.toThrow(error);
  });
});
