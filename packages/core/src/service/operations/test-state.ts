import { invokeTask, type Clock, type LambdaInvoker, type ServiceTaskHandler } from '../../engine/index.js';
import {
  createMockedParentRunners,
  decideAndFold,
  decideTestStart,
  MAIN_THREAD,
  type DecideOptions,
  type DecideRuntime,
  type ExecutionState,
  withRetryAttempts,
  type StateInspection,
  type Trigger,
} from '../../execution/index.js';
import type { RecordedEvent } from '../../history/index.js';
import type { ArnScope } from '../arns.js';
import { assertValidContext, shapeTestContext } from '../test-state/test-state-context.js';
import { readTestStateOutcome } from '../test-state/test-state-outcome.js';
import { readTestStateRequest, type TestStateRequest } from '../test-state/test-state-request.js';
import type { TestStateInput, TestStateOutput } from '../test-state/test-state-types.js';
import { readTestedMachine, type TestedMachine } from '../test-state/tested-machine.js';
import { checkMockResult } from '../test-state/mock-result-shape.js';

/** What TestState runs a state with besides the request: time, randomness, the task handlers. */
export interface TestStateDependencies {
  readonly clock: Clock;
  readonly scope: ArnScope;
  readonly uuid: () => string;
  readonly random: () => number;
  readonly lambda?: LambdaInvoker | undefined;
  readonly services: Readonly<Record<string, ServiceTaskHandler>>;
  /** The decide runtime TestState shares across calls (JSONata's worker starts on first use). */
  readonly runtime: () => DecideRuntime;
}

// Enough for the tested state and the state it goes to; a Pass or Choice that loops onto itself
// stops here instead of running to AWS's history limit.
const MAX_TEST_EVENTS = 200;

/**
 * TestState: runs one state — the definition's only state, or `stateName` of a whole state
 * machine — with the real decide and evolve, as an express execution that nothing stores. A mock
 * stands in for the state's work (a Task's call, a Map's iterations, a Parallel's branches);
 * without one, a Task's Lambda or service call is made through the service's handlers. Returns the
 * status, output or error, next state and, for DEBUG and TRACE, the state's data flow. Throws
 * `ValidationException`, `InvalidArn`, `InvalidDefinition` and `InvalidExecutionInput` as AWS does.
 */
export async function testState(dependencies: TestStateDependencies, input: TestStateInput): Promise<TestStateOutput> {
  const request = readTestStateRequest(input);
  if (request.context !== undefined) assertValidContext(request.context);
  const tested = readTestedMachine(request);
  if (request.mock?.kind === 'result' && tested.state.Type === 'Task') {
    const modeGiven = input.mock?.fieldValidationMode !== undefined;
    await checkMockResult(tested.state, request.mock.result, request.fieldValidationMode, modeGiven);
  }
  const inspection: StateInspection = {};
  const options: DecideOptions = {
    maxHistoryEvents: MAX_TEST_EVENTS,
    test: { inspection, shapeContext: (context) => shapeTestContext(context, request.context) },
    ...(request.mock !== undefined
      ? {
          runners: createMockedParentRunners({
            mock: request.mock,
            ...(request.mapIterationFailureCount !== undefined
              ? { mapIterationFailureCount: request.mapIterationFailureCount }
              : {}),
            ...(request.mapItemReaderData !== undefined ? { mapItemReaderData: request.mapItemReaderData } : {}),
            ...(request.retrierRetryCount !== undefined ? { retrierRetryCount: request.retrierRetryCount } : {}),
          }),
        }
      : {}),
  };
  const env = () => ({
    now: dependencies.clock.now(),
    random: dependencies.random,
    uuid: dependencies.uuid,
    runtime: dependencies.runtime(),
  });
  const start = startTrigger(dependencies, request);
  let step = decideTestStart(tested.model, start, tested.stateName, request.variables, env(), options);
  const events: RecordedEvent[] = [...step.events];
  const enteredEventId = step.events[1]?.event.id ?? 0;
  const active = step.state.threads[MAIN_THREAD]?.active;
  // The tested state waits for its work (a Task's call, a Wait's deadline): answer it once.
  if (active?.enteredEventId === enteredEventId && inspection.errorDetails === undefined) {
    const trigger = await nextTrigger(dependencies, request, tested, step.state, start);
    if (trigger !== undefined) {
      const state =
        trigger.kind === 'TaskFailed'
          ? withRetryAttempts(step.state, MAIN_THREAD, request.retrierRetryCount)
          : step.state;
      step = decideAndFold(tested.model, state, trigger, env(), options);
      events.push(...step.events);
    }
  }
  return readTestStateOutcome(request, tested, events, inspection);
}

function startTrigger(
  dependencies: TestStateDependencies,
  request: TestStateRequest,
): Extract<Trigger, { kind: 'Start' }> {
  // AWS runs the state as an express execution of a state machine in the role's account.
  const accountId = request.roleArn?.split(':')[4] || dependencies.scope.accountId;
  const prefix = `arn:aws:states:${dependencies.scope.region}:${accountId}`;
  const stateMachineName = dependencies.uuid();
  const name = dependencies.uuid();
  return {
    kind: 'Start',
    identity: {
      executionArn: `${prefix}:express:${stateMachineName}:${name}`,
      name,
      stateMachineArn: `${prefix}:stateMachine:${stateMachineName}`,
      stateMachineName,
    },
    input: request.input,
    roleArn: request.roleArn ?? `arn:aws:iam::${accountId}:role/TestState`,
  };
}

/** What answers the tested state's pending work: its mock, its handler, or a Wait's deadline passing at once. */
async function nextTrigger(
  dependencies: TestStateDependencies,
  request: TestStateRequest,
  tested: TestedMachine,
  state: ExecutionState,
  start: Extract<Trigger, { kind: 'Start' }>,
): Promise<Trigger | undefined> {
  const active = state.threads[MAIN_THREAD]?.active;
  if (active === undefined) return undefined;
  if (active.retry !== undefined) return undefined;
  if (active.type === 'Wait' && active.waitUntil !== undefined)
    return { kind: 'TimerFired', key: active.enteredEventId };
  const task = active.task;
  if (task === undefined) return undefined;
  const scheduledEventId = task.scheduledEventId;
  const mock = request.mock;
  if (mock?.kind === 'result') return { kind: 'TaskSucceeded', scheduledEventId, output: JSON.stringify(mock.result) };
  if (mock?.kind === 'error')
    return { kind: 'TaskFailed', scheduledEventId, error: mock.error, cause: mock.cause ?? '' };
  return invokeTask(task, {
    ...(dependencies.lambda !== undefined ? { lambda: dependencies.lambda } : {}),
    services: dependencies.services,
    executionArn: start.identity.executionArn,
    stateName: tested.stateName,
    signal: new AbortController().signal,
    now: () => dependencies.clock.now(),
    uuid: dependencies.uuid,
  });
}
