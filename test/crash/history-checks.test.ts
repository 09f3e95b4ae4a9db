import { describe, expect, it } from 'vitest';
import { NO_FACTS, type ExecutionSummary, type HistoryEvent, type RecordedEvent } from '@statefold/core';
import { executionSummary } from '@statefold/core/testing';
import { eventTypeCounts, historyProblems } from './history-checks.js';

/** A history of `types`, numbered from 1, each linked to the one before, in `thread` when given. */
function history(...types: readonly (string | readonly [string, string])[]): RecordedEvent[] {
  return types.map((entry, index) => {
    const [type, thread] = typeof entry === 'string' ? [entry, undefined] : entry;
    const event = {
      id: index + 1,
      previousEventId: index,
      timestamp: `2024-03-17T12:00:0${Math.min(index, 9)}.000Z`,
      type,
    } as unknown as HistoryEvent;
    return { event, facts: thread === undefined ? NO_FACTS : { thread } };
  });
}

const succeeded = (events: readonly RecordedEvent[]): ExecutionSummary =>
  executionSummary({ status: 'SUCCEEDED', lastEventId: events.length });

const lambdaTask = [
  'TaskStateEntered',
  'LambdaFunctionScheduled',
  'LambdaFunctionStarted',
  'LambdaFunctionSucceeded',
  'TaskStateExited',
];

describe('historyProblems', () => {
  it('finds nothing wrong with a sound history', () => {
    const events = history('ExecutionStarted', ...lambdaTask, 'ExecutionSucceeded');
    expect(historyProblems(succeeded(events), events)).toEqual([]);
  });

  it('reports a task result applied twice', () => {
    const events = history(
      'ExecutionStarted',
      ...lambdaTask.slice(0, 4),
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    );
    expect(historyProblems(succeeded(events), events)).toEqual([
      'event 6 (LambdaFunctionSucceeded) settles no pending task: a result applied twice',
    ]);
  });

  it('reports a task that never settled and a repeated start', () => {
    const events = history(
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivityStarted',
      'ExecutionSucceeded',
    );
    expect(historyProblems(succeeded(events), events)).toEqual([
      'event 5 repeats ActivityStarted of task 3',
      "task 3 in thread '' never settled",
    ]);
  });

  it('keeps the tasks of parallel threads apart', () => {
    const events = history(
      'ExecutionStarted',
      ['LambdaFunctionScheduled', '/2.0'],
      ['LambdaFunctionScheduled', '/2.1'],
      ['LambdaFunctionSucceeded', '/2.1'],
      ['LambdaFunctionSucceeded', '/2.0'],
      'ExecutionSucceeded',
    );
    expect(historyProblems(succeeded(events), events)).toEqual([]);
  });

  it('reports gaps in ids, a summary out of step, a running execution and a missing end', () => {
    const events = history('ExecutionStarted', 'PassStateEntered', 'PassStateExited').map((recorded) =>
      recorded.event.id === 3 ? { ...recorded, event: { ...recorded.event, id: 4 } } : recorded,
    );
    expect(historyProblems(executionSummary({ lastEventId: 4 }), events)).toEqual([
      'its status is RUNNING',
      'event #3 has id 4',
      "the summary's last event id is 4, the history has 3 events",
      'the last event is PassStateExited',
      'the execution does not end exactly once',
    ]);
  });

  it('reports an execution that is not stored', () => {
    expect(historyProblems(undefined, [])).toEqual(['the execution is not stored']);
  });
});

describe('eventTypeCounts', () => {
  it('counts events by type', () => {
    expect(eventTypeCounts(history('ExecutionStarted', ...lambdaTask, 'ExecutionSucceeded'))).toEqual({
      ExecutionStarted: 1,
      ExecutionSucceeded: 1,
      LambdaFunctionScheduled: 1,
      LambdaFunctionStarted: 1,
      LambdaFunctionSucceeded: 1,
      TaskStateEntered: 1,
      TaskStateExited: 1,
    });
  });
});
