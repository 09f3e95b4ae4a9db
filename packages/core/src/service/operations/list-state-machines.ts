import type { ListStateMachinesInput, ListStateMachinesOutput } from '../api-types.js';
import { decodePageToken, encodePageToken, type TokenScope } from '../page-tokens.js';
import { checkPaging, pageSize, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';

const SCOPE: TokenScope = { action: 'ListStateMachines' };

/**
 * ListStateMachines: every state machine, oldest first, `maxResults` (default 100) per page.
 * Read-only. Throws `ValidationException`, `InvalidToken`.
 */
export async function listStateMachines(
  context: ServiceContext,
  input: ListStateMachinesInput,
): Promise<ListStateMachinesOutput> {
  const validator = new RequestValidator();
  checkPaging(validator, input);
  validator.throwIfInvalid();

  const limit = pageSize(input.maxResults);
  const page = await context.store.listStateMachines(
    input.nextToken === undefined ? { limit } : { limit, cursor: decodePageToken(SCOPE, input.nextToken) },
  );
  return {
    stateMachines: page.items.map((record) => ({
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      type: record.type,
      creationDate: new Date(record.creationDate),
    })),
    ...(page.cursor === undefined ? {} : { nextToken: encodePageToken(SCOPE, page.cursor) }),
  };
}
