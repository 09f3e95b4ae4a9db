import { parseDefinition, type State, type StateMachineModel, type StateScope } from '../../asl/index.js';
import { isJsonObject, type JsonValue } from '../../data/index.js';
import { InvalidDefinition, ValidationException } from '../../errors/index.js';
import type { TestStateRequest } from './test-state-request.js';

/** The state machine TestState runs, and the state it tests in it. */
export interface TestedMachine {
  readonly model: StateMachineModel;
  readonly stateName: string;
  readonly state: State;
}

/** AWS's name for the one state of a definition that is a state rather than a state machine. */
export const SINGLE_STATE_NAME = 'StateName';

/**
 * The machine a TestState request runs. With `stateName` it is the request's state machine; without,
 * the definition is one state, set in a machine of its own where each state it may go to is a
 * Succeed state (so the real validation and the real runners apply unchanged, and the run stops
 * there). Throws `InvalidDefinition` as CreateStateMachine would, and `ValidationException` for a
 * `stateName` the machine lacks or a mock the state cannot take.
 */
export function readTestedMachine(request: TestStateRequest): TestedMachine {
  const model =
    request.stateName !== undefined ? parseDefinition(request.definition) : parseDefinition(wrapState(request));
  const stateName = request.stateName ?? SINGLE_STATE_NAME;
  const state = model.States[stateName];
  if (state === undefined)
    throw new ValidationException(`The state '${stateName}' does not exist in the state machine definition.`);
  checkMock(request, state);
  return { model, stateName, state };
}

function wrapState(request: TestStateRequest): string {
  let raw: JsonValue;
  try {
    raw = JSON.parse(request.definition) as JsonValue;
  } catch {
    // The parser reports the syntax error as CreateStateMachine does.
    return request.definition;
  }
  if (!isJsonObject(raw)) return request.definition;
  if ('States' in raw && 'StartAt' in raw)
    throw new InvalidDefinition([
      "SCHEMA_VALIDATION_FAILED: The definition is a state machine: name the state to test in 'stateName' at /",
    ]);
  const states: Record<string, JsonValue> = { [SINGLE_STATE_NAME]: raw };
  for (const target of targetsOf(raw)) if (target !== SINGLE_STATE_NAME) states[target] = { Type: 'Succeed' };
  return JSON.stringify({ StartAt: SINGLE_STATE_NAME, States: states });
}

/** The names a state may go to: Next, Default, each Choice's and each Catch's Next. */
function targetsOf(state: Record<string, JsonValue>): string[] {
  const targets: string[] = [];
  const add = (value: JsonValue | undefined): void => {
    if (typeof value === 'string') targets.push(value);
  };
  add(state['Next']);
  add(state['Default']);
  for (const list of [state['Choices'], state['Catch']])
    if (Array.isArray(list)) for (const entry of list) if (isJsonObject(entry)) add(entry['Next']);
  return targets;
}

const STATES_WITHOUT_MOCK = new Set(['Pass', 'Succeed', 'Fail']);

function checkMock(request: TestStateRequest, state: State): void {
  const mock = request.mock;
  if (mock !== undefined && STATES_WITHOUT_MOCK.has(state.Type))
    throw new ValidationException(`State type '${state.Type}' is not supported when a mock is specified`);
  if (mock === undefined && (state.Type === 'Map' || state.Type === 'Parallel'))
    throw new InvalidDefinition([
      'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]',
    ]);
  if (mock === undefined && state.Type === 'Task') {
    const info = state.resourceInfo;
    const pattern = info?.kind === 'activity' ? 'Activity' : info?.waitForTaskToken ? '.waitForTaskToken' : undefined;
    const sync = /\.sync(:2)?$/.test(state.Resource) ? '.sync' : undefined;
    const needs = pattern ?? sync;
    if (needs !== undefined)
      throw new ValidationException(`TestState supports ${needs} tasks only when a mock is specified.`);
  }
  if (mock?.kind === 'result' && state.Type === 'Map') {
    const wantsObject = state.ResultWriter !== undefined;
    if (wantsObject && !isJsonObject(mock.result))
      throw new ValidationException('Mocked result must be a JSON object.');
    if (!wantsObject && !Array.isArray(mock.result))
      throw new ValidationException('Mocked result must be a JSON array.');
  }
  if (state.Type === 'Parallel' && mock?.kind === 'result' && !Array.isArray(mock.result))
    throw new ValidationException('Mocked result must be a JSON array.');
  checkConfiguration(request, state);
}

function checkConfiguration(request: TestStateRequest, state: State): void {
  const caused = request.errorCausedByState;
  if (caused !== undefined) {
    const scopes: readonly StateScope[] =
      state.Type === 'Map' ? [state.ItemProcessor] : state.Type === 'Parallel' ? state.Branches : [];
    if (scopes.length === 0)
      throw new ValidationException('errorCausedByState can only be specified for a Map or Parallel state.');
    if (request.mock?.kind !== 'error')
      throw new ValidationException('errorCausedByState can only be specified with a mocked errorOutput.');
    if (!scopes.some((scope) => hasState(scope, caused)))
      throw new ValidationException(`The state '${caused}' does not exist in the tested state's ${describe(state)}.`);
  }
  if (request.mapIterationFailureCount !== undefined && state.Type !== 'Map')
    throw new ValidationException('mapIterationFailureCount can only be specified for a Map state.');
  if (request.mapItemReaderData !== undefined && (state.Type !== 'Map' || state.ItemReader === undefined))
    throw new ValidationException('mapItemReaderData can only be specified for a Map state with an ItemReader.');
  if (request.retrierRetryCount !== undefined && (!('Retry' in state) || (state.Retry ?? []).length === 0))
    throw new ValidationException('retrierRetryCount can only be specified for a state with a Retry field.');
}

function describe(state: State): string {
  return state.Type === 'Map' ? 'ItemProcessor' : 'Branches';
}

function hasState(scope: StateScope, name: string): boolean {
  return Object.entries(scope.States).some(([stateName, state]) => {
    if (stateName === name) return true;
    if (state.Type === 'Map') return hasState(state.ItemProcessor, name);
    if (state.Type === 'Parallel') return state.Branches.some((branch) => hasState(branch, name));
    return false;
  });
}
