import type { ListActivitiesInput, ListActivitiesOutput } from '../api-types.js';
import { decodePageToken, encodePageToken, readPage, type TokenScope } from '../page-tokens.js';
import { checkPaging, pageSize, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';

const SCOPE: TokenScope = { action: 'ListActivities' };

/**
 * ListActivities: every activity, oldest first, `maxResults` (default 100) per page. Read-only.
 * Throws `ValidationException`, `InvalidToken`.
 */
export async function listActivities(
  context: ServiceContext,
  input: ListActivitiesInput,
): Promise<ListActivitiesOutput> {
  const validator = new RequestValidator();
  checkPaging(validator, input);
  validator.throwIfInvalid();

  const limit = pageSize(input.maxResults);
  const cursor = input.nextToken === undefined ? undefined : decodePageToken(SCOPE, input.nextToken);
  const page = await readPage(input.nextToken, () =>
    context.store.listActivities(cursor === undefined ? { limit } : { limit, cursor }),
  );
  return {
    activities: page.items.map((record) => ({
      activityArn: record.activityArn,
      name: record.name,
      creationDate: new Date(record.creationDate),
    })),
    ...(page.cursor === undefined ? {} : { nextToken: encodePageToken(SCOPE, page.cursor) }),
  };
}
