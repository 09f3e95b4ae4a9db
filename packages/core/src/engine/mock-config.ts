import type { State, StateMachineModel, StateScope } from '../asl/index.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../data/index.js';
import { InvalidArn, ValidationException } from '../errors/index.js';

// Step Functions Local's mock configuration (its `MockConfigFile.json`): test cases that map Task
// states to mocked responses, started as `StartExecution` on `<stateMachineArn>#<TestCase>`.

/** A mock configuration file as written (the shape Step Functions Local documents). */
export interface MockConfigFile {
  readonly StateMachines: Readonly<Record<string, { readonly TestCases: Readonly<Record<string, MockTestCaseFile>> }>>;
  readonly MockedResponses: Readonly<Record<string, Readonly<Record<string, MockedInvocation>>>>;
}

/** One test case as written: Task state name → the name of a mocked response. */
export type MockTestCaseFile = Readonly<Record<string, string>>;

/** One test case, validated: Task state name → the name of a mocked response. */
export type MockTestCase = ReadonlyMap<string, string>;

/** What one invocation of a mocked Task answers: its result, or its error. */
export type MockedInvocation =
  | { readonly Return: JsonValue }
  | { readonly Throw: { readonly Error: string; readonly Cause: string } };

/** A validated mock configuration: each mocked response as invocation ranges, in order from invocation 0. */
export interface MockConfig {
  readonly stateMachines: ReadonlyMap<string, ReadonlyMap<string, MockTestCase>>;
  readonly responses: ReadonlyMap<string, readonly MockedRange[]>;
}

/** Invocations `from` to `to` (inclusive, counted from 0) of a mocked Task. */
export interface MockedRange {
  readonly from: number;
  readonly to: number;
  readonly answer: MockedInvocation;
}

/** A mock configuration that cannot be used; the message names the place (`MockedResponses.X."1-3".Return`). */
export class InvalidMockConfig extends Error {
  constructor(
    readonly place: string,
    problem: string,
  ) {
    super(place === '' ? problem : `${place}: ${problem}`);
    this.name = 'InvalidMockConfig';
  }
}

/**
 * Validates a mock configuration (the parsed JSON of a `MockConfigFile.json`) as Step Functions
 * Local reads it. Pure; throws `InvalidMockConfig` naming the first wrong place.
 */
export function parseMockConfig(value: unknown): MockConfig {
  const root = objectAt(value, '');
  onlyMembers(root, '', ['StateMachines', 'MockedResponses']);
  const responses = new Map<string, readonly MockedRange[]>();
  for (const [name, ranges] of Object.entries(objectAt(root['MockedResponses'], 'MockedResponses'))) {
    responses.set(name, parseRanges(ranges, placeOf('MockedResponses', name)));
  }
  const stateMachines = new Map<string, ReadonlyMap<string, MockTestCase>>();
  for (const [machine, entry] of Object.entries(objectAt(root['StateMachines'], 'StateMachines'))) {
    const machinePlace = placeOf('StateMachines', machine);
    const machineObject = objectAt(entry, machinePlace);
    onlyMembers(machineObject, machinePlace, ['TestCases']);
    const testCasesPlace = placeOf(machinePlace, 'TestCases');
    const testCases = new Map<string, MockTestCase>();
    for (const [testCase, states] of Object.entries(objectAt(machineObject['TestCases'], testCasesPlace))) {
      const testCasePlace = placeOf(testCasesPlace, testCase);
      const mapping = new Map<string, string>();
      for (const [stateName, response] of Object.entries(objectAt(states, testCasePlace))) {
        const place = placeOf(testCasePlace, stateName);
        if (typeof response !== 'string') throw new InvalidMockConfig(place, 'must name a mocked response (a string)');
        if (!responses.has(response)) {
          throw new InvalidMockConfig(place, `names the mocked response '${response}', which MockedResponses lacks`);
        }
        mapping.set(stateName, response);
      }
      testCases.set(testCase, mapping);
    }
    stateMachines.set(machine, testCases);
  }
  return { stateMachines, responses };
}

/**
 * The test case `stateMachineArn#TestCase` names. Pure; throws `InvalidArn` when no configuration
 * is loaded or it has no such test case (the ARN names nothing).
 */
export function requireTestCase(
  config: MockConfig | undefined,
  stateMachineName: string,
  testCase: string,
): MockTestCase {
  if (config === undefined) {
    throw new InvalidArn(
      `Invalid Arn: 'Test case '${testCase}' given, but no mock configuration is loaded (--mock-config or SFN_MOCK_CONFIG)'`,
    );
  }
  const mapping = config.stateMachines.get(stateMachineName)?.get(testCase);
  if (mapping === undefined) {
    throw new InvalidArn(
      `Invalid Arn: 'The mock configuration has no test case '${testCase}' for the state machine '${stateMachineName}''`,
    );
  }
  return mapping;
}

/**
 * Checks a test case against the definition it runs: every state it mocks must be a Task (at any
 * depth) that is not an activity, which Step Functions Local cannot mock either. Pure; throws
 * `ValidationException` naming the place in the configuration.
 */
export function assertTestCaseFits(
  mapping: MockTestCase,
  stateMachineName: string,
  testCase: string,
  model: StateMachineModel,
): void {
  const tasks = taskStates(model);
  for (const stateName of mapping.keys()) {
    const place = placeOf(
      placeOf(placeOf(placeOf('StateMachines', stateMachineName), 'TestCases'), testCase),
      stateName,
    );
    const state = tasks.get(stateName);
    if (state === undefined) {
      throw new ValidationException(`${place}: the state machine has no Task state named '${stateName}'`);
    }
    if (state.resourceInfo?.kind === 'activity') {
      throw new ValidationException(`${place}: an Activity state cannot be mocked; remove its mock from the test case`);
    }
  }
}

/** What invocation `index` (from 0) of a mocked response answers; undefined past its last range. */
export function mockedInvocation(config: MockConfig, response: string, index: number): MockedInvocation | undefined {
  return config.responses.get(response)?.find((range) => range.from <= index && index <= range.to)?.answer;
}

/** Every Task state of a definition by name, Parallel branches and Map processors included. */
function taskStates(scope: StateScope, found = new Map<string, Extract<State, { Type: 'Task' }>>()) {
  for (const [name, state] of Object.entries(scope.States)) {
    if (state.Type === 'Task') found.set(name, state);
    else if (state.Type === 'Parallel') for (const branch of state.Branches) taskStates(branch, found);
    else if (state.Type === 'Map') taskStates(state.ItemProcessor, found);
  }
  return found;
}

const RANGE = /^(0|[1-9]\d*)(?:-(0|[1-9]\d*))?$/;

/** A mocked response's invocations: `"0"`, `"1-3"` …, consecutive from 0 (every invocation needs an answer). */
function parseRanges(value: unknown, place: string): readonly MockedRange[] {
  const entries = Object.entries(objectAt(value, place));
  if (entries.length === 0) throw new InvalidMockConfig(place, 'must answer at least invocation "0"');
  const ranges = entries.map(([key, answer]): MockedRange => {
    const rangePlace = placeOf(place, key);
    const match = RANGE.exec(key);
    if (match === null) {
      throw new InvalidMockConfig(rangePlace, 'must be an invocation number ("0") or an inclusive range ("1-3")');
    }
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new InvalidMockConfig(rangePlace, 'is a range whose end comes before its start');
    return { from, to, answer: parseAnswer(answer, rangePlace) };
  });
  ranges.sort((a, b) => a.from - b.from);
  let next = 0;
  for (const range of ranges) {
    if (range.from !== next) {
      const problem =
        range.from < next
          ? `overlaps invocation ${range.from}, which another range answers`
          : `leaves invocation ${next} without an answer: ranges must be consecutive from "0"`;
      throw new InvalidMockConfig(placeOf(place, keyOf(range)), problem);
    }
    next = range.to + 1;
  }
  return ranges;
}

function parseAnswer(value: unknown, place: string): MockedInvocation {
  const answer = objectAt(value, place);
  const keys = Object.keys(answer);
  if (keys.length !== 1 || (keys[0] !== 'Return' && keys[0] !== 'Throw')) {
    throw new InvalidMockConfig(place, 'must hold exactly one of Return or Throw');
  }
  if (keys[0] === 'Return') return { Return: jsonAt(answer['Return'], placeOf(place, 'Return')) };
  const throwPlace = placeOf(place, 'Throw');
  const thrown = objectAt(answer['Throw'], throwPlace);
  onlyMembers(thrown, throwPlace, ['Error', 'Cause']);
  const error = thrown['Error'];
  const cause = thrown['Cause'];
  if (typeof error !== 'string') throw new InvalidMockConfig(placeOf(throwPlace, 'Error'), 'must be a string');
  if (typeof cause !== 'string') throw new InvalidMockConfig(placeOf(throwPlace, 'Cause'), 'must be a string');
  return { Throw: { Error: error, Cause: cause } };
}

/** A JSON value (an embedded configuration may hold anything): as JSON text would carry it. */
function jsonAt(value: unknown, place: string): JsonValue {
  let text: string | undefined;
  try {
    text = typeof value === 'function' ? undefined : JSON.stringify(value);
  } catch {
    // A BigInt or a cycle: not JSON, reported below.
    text = undefined;
  }
  if (text === undefined) throw new InvalidMockConfig(place, 'must be a JSON value (the mocked result)');
  return JSON.parse(text) as JsonValue;
}

function objectAt(value: unknown, place: string): JsonObject {
  if (value === undefined) throw new InvalidMockConfig(place, 'is required');
  if (!isJsonObject(value)) throw new InvalidMockConfig(place, 'must be a JSON object');
  return value;
}

function onlyMembers(object: JsonObject, place: string, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw new InvalidMockConfig(
        placeOf(place, key),
        `is not a field of the mock configuration (expected ${allowed.join(', ')})`,
      );
    }
  }
}

/** `a.b`, quoting a key that is not a plain name (`MockedResponses.X."1-3"`). */
function placeOf(place: string, key: string): string {
  const shown = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  return place === '' ? shown : `${place}.${shown}`;
}

function keyOf(range: MockedRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}
