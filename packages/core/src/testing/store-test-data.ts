import { NO_FACTS, type EventFacts, type HistoryEvent, type RecordedEvent } from '../history/index.js';
import type { ActivityRecord, ExecutionSummary, StateMachineRecord, StateMachineRevision } from '../store/index.js';

// Realistic values for store tests: ARNs, dates and events shaped as AWS writes them.

const account = 'arn:aws:states:us-east-1:123456789012';
const baseTimeMs = Date.parse('2024-03-17T11:48:21.000Z');

/** A state machine ARN for `name` in a fixed test account. */
export function stateMachineArn(name: string): string {
  return `${account}:stateMachine:${name}`;
}

/** An execution ARN of execution `name` of state machine `stateMachineName`. */
export function executionArn(stateMachineName: string, name: string): string {
  return `${account}:execution:${stateMachineName}:${name}`;
}

/** An activity ARN for `name` in a fixed test account. */
export function activityArn(name: string): string {
  return `${account}:activity:${name}`;
}

/** An ISO-8601 timestamp `offsetMs` after a fixed instant, so tests read no clock. */
export function isoAt(offsetMs: number): string {
  return new Date(baseTimeMs + offsetMs).toISOString();
}

/** A RUNNING execution's summary with one event; `overrides` replace any field. */
export function executionSummary(overrides: Partial<ExecutionSummary> = {}): ExecutionSummary {
  const stateMachineName = 'HelloWorld';
  const name = overrides.name ?? 'execution-1';
  return {
    executionArn: executionArn(stateMachineName, name),
    stateMachineArn: stateMachineArn(stateMachineName),
    stateMachineRevisionId: 'revision-1',
    name,
    status: 'RUNNING',
    startDate: isoAt(0),
    input: '{"Value1":"HelloWorld"}',
    lastEventId: 1,
    ...overrides,
  };
}

/** A state machine record with tags; `overrides` replace any field. */
export function stateMachineRecord(overrides: Partial<StateMachineRecord> = {}): StateMachineRecord {
  const name = overrides.name ?? 'HelloWorld';
  return {
    stateMachineArn: stateMachineArn(name),
    name,
    type: 'STANDARD',
    definition: '{"StartAt":"Pass","States":{"Pass":{"Type":"Pass","End":true}}}',
    roleArn: 'arn:aws:iam::123456789012:role/StatesExecutionRole',
    creationDate: isoAt(0),
    revisionId: 'revision-1',
    tags: [{ key: 'team', value: 'payments' }],
    ...overrides,
  };
}

/** A revision of a state machine; `overrides` replace any field. */
export function stateMachineRevision(overrides: Partial<StateMachineRevision> = {}): StateMachineRevision {
  return {
    stateMachineArn: stateMachineArn('HelloWorld'),
    revisionId: 'revision-1',
    definition: '{"StartAt":"Pass","States":{"Pass":{"Type":"Pass","End":true}}}',
    roleArn: 'arn:aws:iam::123456789012:role/StatesExecutionRole',
    creationDate: isoAt(0),
    ...overrides,
  };
}

/** An activity record; `overrides` replace any field. */
export function activityRecord(overrides: Partial<ActivityRecord> = {}): ActivityRecord {
  const name = overrides.name ?? 'activity-1';
  return {
    activityArn: activityArn(name),
    name,
    creationDate: isoAt(0),
    tags: [],
    ...overrides,
  };
}

/**
 * `count` events numbered from `firstId`, as a Pass-state loop writes them: `ExecutionStarted`
 * for id 1, then PassStateEntered/PassStateExited pairs, each following the one before it. None
 * records facts.
 */
export function historyEvents(firstId: number, count: number, input = '{"Value1":"HelloWorld"}'): RecordedEvent[] {
  const events: HistoryEvent[] = [];
  for (let id = firstId; id < firstId + count; id++) {
    const timestamp = isoAt(id);
    const previousEventId = id - 1;
    if (id === 1) {
      events.push({
        id,
        previousEventId,
        timestamp,
        type: 'ExecutionStarted',
        executionStartedEventDetails: {
          input,
          inputDetails: { truncated: false },
          roleArn: 'arn:aws:iam::123456789012:role/StatesExecutionRole',
        },
      });
    } else if (id % 2 === 0) {
      events.push({
        id,
        previousEventId,
        timestamp,
        type: 'PassStateEntered',
        stateEnteredEventDetails: { name: `Pass${id}`, input, inputDetails: { truncated: false } },
      });
    } else {
      events.push({
        id,
        previousEventId,
        timestamp,
        type: 'PassStateExited',
        stateExitedEventDetails: { name: `Pass${id - 1}`, output: input, outputDetails: { truncated: false } },
      });
    }
  }
  return events.map((event) => ({ event, facts: NO_FACTS }));
}

/**
 * One history using many event shapes: nested details, optional fields, unicode text, and facts of
 * every kind (threads, deadlines, a task token, Map items, drawn numbers and UUIDs).
 */
export function variedHistory(input: string): RecordedEvent[] {
  const facts: Readonly<Record<number, EventFacts>> = {
    1: {
      execution: {
        executionArn: executionArn('HelloWorld', 'exécution-1'),
        name: 'exécution-1',
        stateMachineArn: stateMachineArn('HelloWorld'),
        stateMachineName: 'HelloWorld',
      },
      timeoutAt: isoAt(60_000),
    },
    3: {
      taskToken: 'eyJ0b2tlbiI6dHJ1ZX0.AAAA-bbbb_CCCC',
      timeoutAt: isoAt(30_003),
      heartbeatSeconds: 10,
      draws: ['0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9'],
    },
    5: { dueAt: isoAt(2_005), retrierIndex: 0, draws: [0.1 + 0.2, 5e-324, 0.9999999999999999] },
    6: { draws: [0, '6f1c2d3e-4f50-4617-8283-94a5b6c7d8e9', 0.5] },
    8: { map: { items: [1, 'zwei', { drei: [3] }, null], maxConcurrency: 2, toleratedFailurePercentage: 12.5 } },
    9: { thread: '/8.0' },
    10: { thread: '/8.0', threadEnd: { error: 'States.Timeout', cause: 'Grüße "cause" \n' } },
  };
  return variedEvents(input).map((event) => ({ event, facts: facts[event.id] ?? NO_FACTS }));
}

function variedEvents(input: string): HistoryEvent[] {
  const roleArn = 'arn:aws:iam::123456789012:role/StatesExecutionRole';
  const noTruncation = { truncated: false } as const;
  const lambda = { resourceType: 'lambda', resource: 'invoke' };
  return [
    {
      id: 1,
      previousEventId: 0,
      timestamp: isoAt(1),
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input, inputDetails: noTruncation, roleArn },
    },
    {
      id: 2,
      previousEventId: 0,
      timestamp: isoAt(2),
      type: 'TaskStateEntered',
      stateEnteredEventDetails: { name: 'Grüße 👋 数据', input, inputDetails: noTruncation },
    },
    {
      id: 3,
      previousEventId: 2,
      timestamp: isoAt(3),
      type: 'TaskScheduled',
      taskScheduledEventDetails: {
        ...lambda,
        region: 'us-east-1',
        timeoutInSeconds: 30,
        heartbeatInSeconds: 10,
        parameters:
          '{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:f","Payload":{"a":[1,2,{"b":null}]}}',
        taskCredentials: { roleArn },
      },
    },
    { id: 4, previousEventId: 3, timestamp: isoAt(4), type: 'TaskStarted', taskStartedEventDetails: lambda },
    {
      id: 5,
      previousEventId: 4,
      timestamp: isoAt(5),
      type: 'TaskFailed',
      taskFailedEventDetails: {
        ...lambda,
        error: 'Lambda.ServiceException',
        cause: 'line 1\nline 2 \u0000 "quoted" \\',
      },
    },
    {
      id: 6,
      previousEventId: 5,
      timestamp: isoAt(6),
      type: 'TaskStateExited',
      stateExitedEventDetails: {
        name: 'Grüße 👋 数据',
        output: '{"ok":true}',
        outputDetails: noTruncation,
        assignedVariables: { x: '42', label: '"é"' },
        assignedVariablesDetails: { truncated: false },
      },
    },
    {
      id: 7,
      previousEventId: 6,
      timestamp: isoAt(7),
      type: 'MapStateEntered',
      stateEnteredEventDetails: { name: 'Map', input: '[1,2]', inputDetails: noTruncation },
    },
    {
      id: 8,
      previousEventId: 7,
      timestamp: isoAt(8),
      type: 'MapStateStarted',
      mapStateStartedEventDetails: { length: 2 },
    },
    {
      id: 9,
      previousEventId: 8,
      timestamp: isoAt(9),
      type: 'MapIterationStarted',
      mapIterationStartedEventDetails: { name: 'Map', index: 0 },
    },
    { id: 10, previousEventId: 9, timestamp: isoAt(10), type: 'WaitStateAborted' },
    {
      id: 11,
      previousEventId: 10,
      timestamp: isoAt(11),
      type: 'EvaluationFailed',
      evaluationFailedEventDetails: { state: 'Map', error: 'States.QueryEvaluationError', location: 'Items' },
    },
    {
      id: 12,
      previousEventId: 11,
      timestamp: isoAt(12),
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'States.QueryEvaluationError', cause: 'An error occurred.' },
    },
  ];
}

/** A JSON document of exactly `bytes` UTF-8 bytes (AWS's payload limit is 256 KiB). */
export function jsonOfSize(bytes: number): string {
  const wrapper = '{"blob":""}';
  return `{"blob":"${'x'.repeat(bytes - wrapper.length)}"}`;
}
