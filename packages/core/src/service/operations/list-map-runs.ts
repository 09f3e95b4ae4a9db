import type { ListMapRunsInput, ListMapRunsOutput, MapRunListItem } from '../api-types.js';
import { decodePageToken, encodePageToken, readPage, type TokenScope } from '../page-tokens.js';
import { checkPaging, constraints, pageSize, RequestValidator } from '../request-validator.js';
import { requireExecution } from '../resources.js';
import type { ServiceContext } from '../service-context.js';

/**
 * ListMapRuns: the Map Runs an execution's Distributed Map states started, newest first. Read-only.
 * Throws `ValidationException`, `InvalidArn`, `ExecutionDoesNotExist`, `InvalidToken`.
 */
export async function listMapRuns(context: ServiceContext, input: ListMapRunsInput): Promise<ListMapRunsOutput> {
  const validator = new RequestValidator();
  if (validator.required('executionArn', input.executionArn))
    validator.string('executionArn', input.executionArn, constraints.arn);
  checkPaging(validator, input);
  validator.throwIfInvalid();

  const execution = await requireExecution(context, input.executionArn);
  const scope: TokenScope = { action: 'ListMapRuns', filter: execution.executionArn };
  const cursor = input.nextToken === undefined ? undefined : decodePageToken(scope, input.nextToken);
  const page = await readPage(input.nextToken, () =>
    context.store.listMapRuns(execution.executionArn, {
      limit: pageSize(input.maxResults),
      ...(cursor === undefined ? {} : { cursor }),
    }),
  );
  const mapRuns = page.items.map(
    (record): MapRunListItem => ({
      executionArn: record.executionArn,
      mapRunArn: record.mapRunArn,
      stateMachineArn: record.stateMachineArn,
      startDate: new Date(record.startDate),
      ...(record.stopDate === undefined ? {} : { stopDate: new Date(record.stopDate) }),
    }),
  );
  return { mapRuns, ...(page.cursor === undefined ? {} : { nextToken: encodePageToken(scope, page.cursor) }) };
}
