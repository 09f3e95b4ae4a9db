import type { ListStateMachinesInput, ListStateMachinesOutput } from '../api-types.js';
import { decodePageToken, encodePageToken, readPage, type TokenScope } from '../page-tokens.js';
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
  const cursor = input.nextToken === undefined ? undefined : decodePageToken(SCOPE, input.nextToken);
  const page = await readPage(input.nextToken, () =>
    context.store.listStateMachines(cursor === undefined ? { limit } : { limit, cursor }),
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
