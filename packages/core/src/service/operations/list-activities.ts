import type { ListActivitiesInput, ListActivitiesOutput } from '../api-types.js';
import { decodePageToken, encodePageToken, type TokenScope } from '../page-tokens.js';
import { checkPaging, pageSize, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';

const SCOPE: TokenScope = { action: 'ListActivities' };

/**
 * ListActivities: every activity, oldest first, `maxResults` (default 100) per page. Read-only.
 * Throws `ValidationException`, `InvalidToken`.
 */
export async function listActivities(context: ServiceContext, input: ListActivitiesInput): Promise<ListActivitiesOutput> {
  const validator = new RequestValidator();
  checkPaging(validator, input);
  validator.throwIfInvalid();

  const limit = pageSize(input.maxResults);
  const page = await context.store.listActivities(
    input.nextToken === undefined ? { limit } : { limit, cursor: decodePageToken(SCOPE, input.nextToken) },
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
