import { assertTestCaseFits, requireTestCase } from '../../engine/index.js';
import { ExecutionAlreadyExists, ExecutionLimitExceeded, StateMachineDoesNotExist } from '../../errors/index.js';
import type { ExecutionSummary } from '../../store/index.js';
import type { StartExecutionInput, StartExecutionOutput } from '../api-types.js';
import { executionArn, expressExecutionArn } from '../arns.js';
import { assertValidName } from '../names.js';
import { assertJsonInput } from '../payloads.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { countAll, requireStateMachineTarget, type StateMachineTarget } from '../resources.js';
import { isStoreError } from '../../store/index.js';
import type { ServiceContext } from '../service-context.js';
import { chooseVersion } from '../state-machine-versions.js';

/**
 * StartExecution: starts the state machine's current revision — or a version's, or the version an
 * alias's routing draws (from the engine's randomness) — under `name` (a fresh UUID when absent)
 * with `input` (default `{}`). Idempotent as AWS documents it: the same name, state machine
 * and input while that execution is RUNNING returns it again; otherwise a taken name is
 * `ExecutionAlreadyExists`. Checks in AWS's order: model constraints (`ValidationException`), the
 * ARN (`InvalidArn`), the state machine (`StateMachineDoesNotExist`), the name (`InvalidName`),
 * the input (`InvalidExecutionInput`), then `ExecutionLimitExceeded`.
 */
export async function startExecution(
  context: ServiceContext,
  input: StartExecutionInput,
): Promise<StartExecutionOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineArn', input.stateMachineArn)) {
    validator.string('stateMachineArn', input.stateMachineArn, constraints.arn);
  }
  validator.string('name', input.name, constraints.name);
  validator.string('input', input.input, constraints.payload);
  validator.string('traceHeader', input.traceHeader, constraints.traceHeader);
  validator.throwIfInvalid();

  // Step Functions Local's `stateMachineArn#TestCase` runs a test case of the mock configuration.
  const hash = input.stateMachineArn.indexOf('#');
  const stateMachineArn = hash < 0 ? input.stateMachineArn : input.stateMachineArn.slice(0, hash);
  const testCase = hash < 0 ? undefined : input.stateMachineArn.slice(hash + 1);
  const target = await requireStateMachineTarget(context, stateMachineArn);
  const { stateMachine } = target;
  const mocks = testCase === undefined ? undefined : requireTestCase(context.mockConfig, stateMachine.name, testCase);
  const name = input.name ?? context.uuid();
  assertValidName(name);
  const executionInput = input.input ?? '{}';
  assertJsonInput(executionInput);

  // An Express execution's ARN carries an id of its own: its name may be used again at once.
  const express = stateMachine.type === 'EXPRESS';
  const arn = express
    ? expressExecutionArn(context.scope, stateMachine.name, name, context.uuid())
    : executionArn(context.scope, stateMachine.name, name);
  const existing = express ? undefined : await context.store.getExecution(arn);
  if (existing !== undefined) return sameExecution(existing, stateMachine.stateMachineArn, executionInput);

  const limit = context.limits.maxOpenExecutions;
  if (limit !== undefined && (await countAll((page) => context.store.listOpenExecutions(page))) >= limit) {
    throw new ExecutionLimitExceeded(`Execution Limit Exceeded: '${limit}'`);
  }

  const qualifiers = await chooseQualifiers(context, target, input.stateMachineArn);
  const revision = await context.store.getStateMachineRevision(stateMachine.stateMachineArn, qualifiers.revisionId);
  // A revision is written before the record that points at it; a miss means the machine went away.
  if (revision === undefined) throw new StateMachineDoesNotExist(stateMachine.stateMachineArn);
  const model = context.modelOf(revision);
  if (mocks !== undefined && testCase !== undefined) assertTestCaseFits(mocks, stateMachine.name, testCase, model);
  try {
    const summary = await context.engine.startExecution({
      executionArn: arn,
      name,
      stateMachine,
      revision,
      model,
      input: executionInput,
      ...(input.traceHeader === undefined ? {} : { traceHeader: input.traceHeader }),
      ...(qualifiers.stateMachineVersionArn === undefined
        ? {}
        : { stateMachineVersionArn: qualifiers.stateMachineVersionArn }),
      ...(target.alias === undefined ? {} : { stateMachineAliasArn: target.alias.stateMachineAliasArn }),
      ...(testCase === undefined ? {} : { testCase }),
    });
    return { executionArn: summary.executionArn, startDate: new Date(summary.startDate) };
  } catch (error) {
    if (!isStoreError(error, 'ExecutionAlreadyStored')) throw error;
    // Another request started the same name between our read and the engine's write.
    const winner = await context.store.getExecution(arn);
    if (winner === undefined) throw new ExecutionAlreadyExists(arn);
    return sameExecution(winner, stateMachine.stateMachineArn, executionInput);
  }
}

/** The revision to run and the version it belongs to: the alias's routing draws one of its versions. */
async function chooseQualifiers(
  context: ServiceContext,
  target: StateMachineTarget,
  requestedArn: string,
): Promise<{ readonly revisionId: string; readonly stateMachineVersionArn?: string }> {
  if (target.alias === undefined) {
    return target.version === undefined
      ? { revisionId: target.stateMachine.revisionId }
      : { revisionId: target.version.revisionId, stateMachineVersionArn: target.version.stateMachineVersionArn };
  }
  const stateMachineVersionArn = chooseVersion(target.alias.routingConfiguration, context.random);
  const version = await context.store.getStateMachineVersion(stateMachineVersionArn);
  // Versions an alias routes to cannot be deleted; a miss means the state machine went away meanwhile.
  if (version === undefined) throw new StateMachineDoesNotExist(requestedArn);
  return { revisionId: version.revisionId, stateMachineVersionArn };
}

function sameExecution(existing: ExecutionSummary, stateMachineArn: string, input: string): StartExecutionOutput {
  const idempotent =
    existing.status === 'RUNNING' && existing.stateMachineArn === stateMachineArn && existing.input === input;
  if (!idempotent) throw new ExecutionAlreadyExists(existing.executionArn);
  return { executionArn: existing.executionArn, startDate: new Date(existing.startDate) };
}
