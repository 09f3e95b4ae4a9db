import type { JsonValue } from '../../data/index.js';
import type { StateInspection } from '../../execution/index.js';
import type { RecordedEvent } from '../../history/index.js';
import type { TestStateRequest } from './test-state-request.js';
import type { InspectionData, TestStateOutput } from './test-state-types.js';
import type { TestedMachine } from './tested-machine.js';

/**
 * TestState's answer, read from the events of the run and what the runners recorded of the tested
 * state: RETRIABLE when a retrier took its error, CAUGHT_ERROR when a catcher did, SUCCEEDED when it
 * left (with the state it went to), FAILED when the run failed. Pure.
 */
export function readTestStateOutcome(
  request: TestStateRequest,
  tested: TestedMachine,
  recorded: readonly RecordedEvent[],
  inspection: StateInspection,
): TestStateOutput {
  // The tested state runs on the main thread; events of other threads do not concern it.
  const events = recorded.filter(({ facts }) => facts.thread === undefined).map(({ event }) => event);
  const entered = events[1];
  const inspectionData =
    request.inspectionLevel === 'INFO'
      ? undefined
      : inspectionDataOf(
          request,
          tested,
          inspection,
          entered !== undefined && 'stateEnteredEventDetails' in entered
            ? entered.stateEnteredEventDetails.input
            : undefined,
          events,
        );
  const withInspection = inspectionData === undefined ? {} : { inspectionData };
  const failure = inspection.failure;
  if (inspection.errorDetails?.retryIndex !== undefined && failure !== undefined)
    return { status: 'RETRIABLE', ...failureMembers(failure), ...withInspection };
  const exitIndex = events.findIndex(
    (event, index) =>
      index > 1 && 'stateExitedEventDetails' in event && event.stateExitedEventDetails.name === tested.stateName,
  );
  const exited = events[exitIndex];
  if (exited !== undefined && 'stateExitedEventDetails' in exited) {
    const next = events.slice(exitIndex + 1).find((event) => 'stateEnteredEventDetails' in event);
    const nextState =
      next !== undefined && 'stateEnteredEventDetails' in next ? next.stateEnteredEventDetails.name : undefined;
    const caught = inspection.errorDetails?.catchIndex !== undefined && failure !== undefined;
    return {
      status: caught ? 'CAUGHT_ERROR' : 'SUCCEEDED',
      output: exited.stateExitedEventDetails.output,
      ...(caught ? failureMembers(failure) : {}),
      ...(nextState !== undefined ? { nextState } : {}),
      ...withInspection,
    };
  }
  const failed = events.find((event) => event.type === 'ExecutionFailed');
  const details =
    failed !== undefined && 'executionFailedEventDetails' in failed ? failed.executionFailedEventDetails : undefined;
  return {
    status: 'FAILED',
    ...failureMembers({
      error: details?.error ?? failure?.error ?? 'States.Runtime',
      ...(details?.cause !== undefined
        ? { cause: details.cause }
        : failure?.cause !== undefined
          ? { cause: failure.cause }
          : {}),
    }),
    ...withInspection,
  };
}

function failureMembers(failure: { readonly error: string; readonly cause?: string }): {
  error: string;
  cause?: string;
} {
  return failure.cause === undefined || failure.cause === ''
    ? { error: failure.error }
    : { error: failure.error, cause: failure.cause };
}

const JSON_MEMBERS = [
  'afterInputPath',
  'afterParameters',
  'afterArguments',
  'afterItemsPath',
  'afterItemSelector',
  'result',
  'afterResultSelector',
  'afterResultPath',
] as const;

function inspectionDataOf(
  request: TestStateRequest,
  tested: TestedMachine,
  inspection: StateInspection,
  input: string | undefined,
  events: readonly RecordedEvent['event'][],
): InspectionData {
  const data: Record<string, unknown> = {};
  if (input !== undefined) data['input'] = input;
  for (const member of JSON_MEMBERS) {
    const value = inspection[member];
    if (value !== undefined) data[member] = JSON.stringify(value);
  }
  for (const member of ['maxConcurrency', 'toleratedFailureCount', 'toleratedFailurePercentage'] as const) {
    const value = inspection[member];
    if (value !== undefined) data[member] = value;
  }
  if (inspection.errorDetails !== undefined) data['errorDetails'] = inspection.errorDetails;
  const variables = variablesAfter(request, tested, events);
  if (variables !== undefined) data['variables'] = JSON.stringify(variables);
  return data as InspectionData;
}

/** The variables once the tested state has assigned its own (when it has an Assign at all). */
function variablesAfter(
  request: TestStateRequest,
  tested: TestedMachine,
  events: readonly RecordedEvent['event'][],
): Record<string, JsonValue> | undefined {
  const state = tested.state;
  const assigns =
    ('Assign' in state && state.Assign !== undefined) ||
    ('Catch' in state && (state.Catch ?? []).some((catcher) => catcher.Assign !== undefined)) ||
    (state.Type === 'Choice' && state.Choices.some((rule) => rule.Assign !== undefined));
  if (!assigns) return undefined;
  const variables: Record<string, JsonValue> = { ...request.variables };
  const exited = events.find(
    (event) => 'stateExitedEventDetails' in event && event.stateExitedEventDetails.name === tested.stateName,
  );
  const assigned =
    exited !== undefined && 'stateExitedEventDetails' in exited
      ? exited.stateExitedEventDetails.assignedVariables
      : undefined;
  for (const [name, text] of Object.entries(assigned ?? {})) variables[name] = JSON.parse(text) as JsonValue;
  return variables;
}
