import { isJsonObject, type JsonObject, type JsonValue } from '../../data/index.js';
import { InvalidExecutionInput, ValidationException } from '../../errors/index.js';
import type { StateMock } from '../../execution/index.js';
import { assertRoleArn } from '../arns.js';
import { jsonSyntaxError } from '../payloads.js';
import { constraints, RequestValidator } from '../request-validator.js';
import type { InspectionLevel, MockResponseValidationMode, TestStateInput } from './test-state-types.js';

/** A TestState request after its checks: every member parsed, defaults applied. */
export interface TestStateRequest {
  readonly definition: string;
  readonly roleArn: string | undefined;
  /** JSON text. */
  readonly input: string;
  readonly inspectionLevel: InspectionLevel;
  readonly variables: Readonly<Record<string, JsonValue>> | undefined;
  readonly stateName: string | undefined;
  readonly mock: StateMock | undefined;
  readonly fieldValidationMode: MockResponseValidationMode;
  /** The caller's `$$` (the `context` member), parsed. */
  readonly context: JsonObject | undefined;
  readonly retrierRetryCount: number | undefined;
  readonly errorCausedByState: string | undefined;
  readonly mapIterationFailureCount: number | undefined;
  readonly mapItemReaderData: JsonValue | undefined;
}

const MAX_INTEGER = 2_147_483_647;

/**
 * Checks a TestState request as AWS does — the model's constraints first (`ValidationException`),
 * then the role (`InvalidArn`), the input (`InvalidExecutionInput`) and the JSON members
 * (`ValidationException`) — and returns it parsed. Pure.
 */
export function readTestStateRequest(input: TestStateInput): TestStateRequest {
  const validator = new RequestValidator();
  if (validator.required('definition', input.definition))
    validator.string('definition', input.definition, constraints.definition);
  validator.string('roleArn', input.roleArn, constraints.arn);
  validator.string('input', input.input, constraints.payload);
  validator.oneOf('inspectionLevel', input.inspectionLevel, ['INFO', 'DEBUG', 'TRACE']);
  validator.string('variables', input.variables, constraints.payload);
  validator.string('stateName', input.stateName, constraints.name);
  validator.string('context', input.context, constraints.payload);
  validator.string('mock.result', input.mock?.result, constraints.payload);
  validator.string('mock.errorOutput.error', input.mock?.errorOutput?.error, constraints.error);
  validator.string('mock.errorOutput.cause', input.mock?.errorOutput?.cause, constraints.cause);
  validator.oneOf('mock.fieldValidationMode', input.mock?.fieldValidationMode, ['STRICT', 'PRESENT', 'NONE']);
  const configuration = input.stateConfiguration;
  validator.integer('stateConfiguration.retrierRetryCount', configuration?.retrierRetryCount, 0, MAX_INTEGER);
  validator.integer(
    'stateConfiguration.mapIterationFailureCount',
    configuration?.mapIterationFailureCount,
    0,
    MAX_INTEGER,
  );
  validator.string('stateConfiguration.errorCausedByState', configuration?.errorCausedByState, constraints.name);
  validator.string('stateConfiguration.mapItemReaderData', configuration?.mapItemReaderData, constraints.payload);
  validator.throwIfInvalid();

  if (input.roleArn !== undefined) assertRoleArn(input.roleArn);
  const stateInput = input.input ?? '{}';
  const inputProblem = jsonSyntaxError(stateInput);
  if (inputProblem !== undefined)
    throw new InvalidExecutionInput(`Invalid State Machine Execution Input: '${inputProblem}'`);
  const variables = input.variables === undefined ? undefined : parseObject(input.variables, 'variables');
  const context = input.context === undefined ? undefined : parseObject(input.context, 'context');
  const mapItemReaderData =
    configuration?.mapItemReaderData === undefined
      ? undefined
      : parseJson(configuration.mapItemReaderData, 'stateConfiguration.mapItemReaderData');
  return {
    definition: input.definition,
    roleArn: input.roleArn,
    input: stateInput,
    inspectionLevel: input.inspectionLevel ?? 'INFO',
    variables,
    stateName: input.stateName,
    mock: readMock(input),
    fieldValidationMode: input.mock?.fieldValidationMode ?? 'STRICT',
    context,
    retrierRetryCount: configuration?.retrierRetryCount,
    errorCausedByState: configuration?.errorCausedByState,
    mapIterationFailureCount: configuration?.mapIterationFailureCount,
    mapItemReaderData,
  };
}

function readMock(input: TestStateInput): StateMock | undefined {
  const mock = input.mock;
  if (mock === undefined) return undefined;
  const { result, errorOutput } = mock;
  if (result !== undefined && errorOutput !== undefined)
    throw new ValidationException('A mock can specify either a result or an errorOutput, not both.');
  if (errorOutput !== undefined) {
    if (errorOutput.error === undefined)
      throw new ValidationException('The errorOutput of a mock must specify an error.');
    return {
      kind: 'error',
      error: errorOutput.error,
      ...(errorOutput.cause === undefined ? {} : { cause: errorOutput.cause }),
    };
  }
  if (result === undefined) throw new ValidationException('A mock must specify either a result or an errorOutput.');
  return { kind: 'result', result: parseJson(result, 'mock.result') };
}

function parseJson(text: string, member: string): JsonValue {
  const problem = jsonSyntaxError(text);
  if (problem !== undefined) throw new ValidationException(`The '${member}' member is not valid JSON: ${problem}`);
  return JSON.parse(text) as JsonValue;
}

function parseObject(text: string, member: string): JsonObject {
  const value = parseJson(text, member);
  if (!isJsonObject(value)) throw new ValidationException(`The '${member}' member must be a JSON object.`);
  return value;
}
