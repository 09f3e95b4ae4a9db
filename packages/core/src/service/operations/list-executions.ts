import { ValidationException } from '../../errors/index.js';
import type { ExecutionListItem, ListExecutionsInput, ListExecutionsOutput } from '../api-types.js';
import { decodePageToken, encodePageToken, readPage, type TokenScope } from '../page-tokens.js';
import { checkPaging, constraints, pageSize, RequestValidator } from '../request-validator.js';
import { qualifiersOf } from '../../engine/index.js';
import { requireMapRun, requireStateMachineTarget } from '../resources.js';
import { itemCountOf } from './describe-map-run.js';
import type { ServiceContext } from '../service-context.js';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;

/**
 * ListExecutions: a state machine's executions from their summary rows, newest first, optionally
 * only those with `statusFilter`; given a version or alias ARN, only the executions started through
 * it (for a version, also those an alias started with it); given a Map Run ARN, its child executions
 * (with their Map Run and item count). Read-only. Throws `ValidationException`, `InvalidArn`,
 * `StateMachineDoesNotExist`, `ResourceNotFound` (no such Map Run), `InvalidToken`.
 */
export async function listExecutions(
  context: ServiceContext,
  input: ListExecutionsInput,
): Promise<ListExecutionsOutput> {
  const validator = new RequestValidator();
  validator.string('stateMachineArn', input.stateMachineArn, constraints.arn);
  validator.string('mapRunArn', input.mapRunArn, { min: 1, max: 2000 });
  validator.oneOf('statusFilter', input.statusFilter, STATUSES);
  validator.oneOf('redriveFilter', input.redriveFilter, ['REDRIVEN', 'NOT_REDRIVEN']);
  checkPaging(validator, input);
  validator.throwIfInvalid();

  const { stateMachineArn, mapRunArn } = input;
  if ((stateMachineArn === undefined) === (mapRunArn === undefined)) {
    throw new ValidationException('Must provide a StateMachine ARN or MapRun ARN, but not both');
  }
  if (mapRunArn !== undefined) return listMapRunExecutions(context, input, mapRunArn);
  if (stateMachineArn === undefined) return { executions: [] };

  const { stateMachine, version, alias } = await requireStateMachineTarget(context, stateMachineArn);
  const scope: TokenScope = {
    action: 'ListExecutions',
    filter: `${stateMachineArn}|${input.statusFilter ?? ''}|${input.redriveFilter ?? ''}`,
  };
  const cursor = input.nextToken === undefined ? undefined : decodePageToken(scope, input.nextToken);

  const page = await readPage(input.nextToken, () =>
    context.store.listExecutions({
      stateMachineArn: stateMachine.stateMachineArn,
      ...(version === undefined ? {} : { stateMachineVersionArn: version.stateMachineVersionArn }),
      ...(alias === undefined ? {} : { stateMachineAliasArn: alias.stateMachineAliasArn }),
      limit: pageSize(input.maxResults),
      ...(cursor === undefined ? {} : { cursor }),
      ...(input.statusFilter === undefined ? {} : { status: input.statusFilter }),
      ...(input.redriveFilter === undefined ? {} : { redriven: input.redriveFilter === 'REDRIVEN' }),
    }),
  );
  const executions = page.items.map(
    (summary): ExecutionListItem => ({
      executionArn: summary.executionArn,
      stateMachineArn: summary.stateMachineArn,
      name: summary.name,
      status: summary.status,
      startDate: new Date(summary.startDate),
      ...(summary.stopDate === undefined ? {} : { stopDate: new Date(summary.stopDate) }),
      ...qualifiersOf(summary),
      redriveCount: summary.redriveCount ?? 0,
      ...(summary.redriveDate === undefined ? {} : { redriveDate: new Date(summary.redriveDate) }),
    }),
  );
  return { executions, ...(page.cursor === undefined ? {} : { nextToken: encodePageToken(scope, page.cursor) }) };
}

async function listMapRunExecutions(
  context: ServiceContext,
  input: ListExecutionsInput,
  mapRunArn: string,
): Promise<ListExecutionsOutput> {
  const record = await requireMapRun(context, mapRunArn);
  const scope: TokenScope = {
    action: 'ListExecutions',
    filter: `${mapRunArn}|${input.statusFilter ?? ''}|${input.redriveFilter ?? ''}`,
  };
  const cursor = input.nextToken === undefined ? undefined : decodePageToken(scope, input.nextToken);
  if (input.redriveFilter === 'REDRIVEN') return { executions: [] };
  const page = await readPage(input.nextToken, () =>
    context.store.listExecutions({
      stateMachineArn: record.stateMachineArn,
      mapRunArn,
      limit: pageSize(input.maxResults),
      ...(cursor === undefined ? {} : { cursor }),
      ...(input.statusFilter === undefined ? {} : { status: input.statusFilter }),
    }),
  );
  const executions = page.items.map(
    (summary): ExecutionListItem => ({
      executionArn: summary.executionArn,
      stateMachineArn: summary.stateMachineArn,
      name: summary.name,
      status: summary.status,
      startDate: new Date(summary.startDate),
      ...(summary.stopDate === undefined ? {} : { stopDate: new Date(summary.stopDate) }),
      mapRunArn,
      itemCount: itemCountOf(record, summary.input),
    }),
  );
  return { executions, ...(page.cursor === undefined ? {} : { nextToken: encodePageToken(scope, page.cursor) }) };
}
