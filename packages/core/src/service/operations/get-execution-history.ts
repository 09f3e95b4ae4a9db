import { InvalidToken } from '../../errors/index.js';
import type { GetExecutionHistoryInput, GetExecutionHistoryOutput } from '../api-types.js';
import { toApiHistoryEvent } from '../history-view.js';
import { decodePageToken, encodePageToken, type TokenScope } from '../page-tokens.js';
import { checkPaging, constraints, pageSize, RequestValidator } from '../request-validator.js';
import { requireExecution } from '../resources.js';
import type { ServiceContext } from '../service-context.js';

/**
 * GetExecutionHistory: one page of the execution's events, oldest first or (`reverseOrder`)
 * newest first, read from the store alone. `includeExecutionData: false` strips payloads from the
 * event details. Read-only. Throws `ValidationException`, `InvalidArn`, `ExecutionDoesNotExist`,
 * `InvalidToken`.
 */
export async function getExecutionHistory(
  context: ServiceContext,
  input: GetExecutionHistoryInput,
): Promise<GetExecutionHistoryOutput> {
  const validator = new RequestValidator();
  if (validator.required('executionArn', input.executionArn))
    validator.string('executionArn', input.executionArn, constraints.arn);
  checkPaging(validator, input);
  validator.throwIfInvalid();

  const execution = await requireExecution(context, input.executionArn, context.expressHistory);
  const reverse = input.reverseOrder ?? false;
  const scope: TokenScope = { action: 'GetExecutionHistory', filter: `${execution.executionArn}|${reverse}` };
  const after =
    input.nextToken === undefined ? undefined : eventIdOf(decodePageToken(scope, input.nextToken), input.nextToken);

  const limit = pageSize(input.maxResults);
  // One extra event tells whether another page follows without a second read.
  const events = await context.store.readEvents(execution.executionArn, {
    limit: limit + 1,
    reverse,
    ...(after === undefined ? {} : { after }),
  });
  const page = events.slice(0, limit);
  const last = page[page.length - 1];
  const includeData = input.includeExecutionData ?? true;
  return {
    events: page.map(({ event }) => toApiHistoryEvent(event, includeData)),
    ...(events.length > limit && last !== undefined
      ? { nextToken: encodePageToken(scope, String(last.event.id)) }
      : {}),
  };
}

function eventIdOf(cursor: string, token: string): number {
  const id = Number(cursor);
  if (!/^\d+$/.test(cursor) || !Number.isSafeInteger(id)) throw new InvalidToken(`Invalid Token: '${token}'`);
  return id;
}
