import type { ListStateMachineVersionsInput, ListStateMachineVersionsOutput } from '../api-types.js';
import { InvalidArn } from '../../errors/index.js';
import { parseStateMachineArn } from '../arns.js';
import { decodePageToken, encodePageToken, readPage, type TokenScope } from '../page-tokens.js';
import { checkPaging, constraints, pageSize, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';

/**
 * ListStateMachineVersions: a state machine's versions, newest first, `maxResults` (default 100)
 * per page; none for a state machine that does not exist (AWS documents no error for it).
 * Read-only. Throws `ValidationException`, `InvalidArn`, `InvalidToken`.
 */
export async function listStateMachineVersions(
  context: ServiceContext,
  input: ListStateMachineVersionsInput,
): Promise<ListStateMachineVersionsOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineArn', input.stateMachineArn)) {
    validator.string('stateMachineArn', input.stateMachineArn, constraints.arn);
  }
  checkPaging(validator, input);
  validator.throwIfInvalid();
  parseUnqualified(input.stateMachineArn);

  const scope: TokenScope = { action: 'ListStateMachineVersions', filter: input.stateMachineArn };
  const cursor = input.nextToken === undefined ? undefined : decodePageToken(scope, input.nextToken);
  const limit = pageSize(input.maxResults);
  const page = await readPage(input.nextToken, () =>
    context.store.listStateMachineVersions(input.stateMachineArn, cursor === undefined ? { limit } : { limit, cursor }),
  );
  return {
    stateMachineVersions: page.items.map((version) => ({
      stateMachineVersionArn: version.stateMachineVersionArn,
      creationDate: new Date(version.creationDate),
    })),
    ...(page.cursor === undefined ? {} : { nextToken: encodePageToken(scope, page.cursor) }),
  };
}

// Versions belong to the state machine itself, so a version or alias ARN names nothing to list.
function parseUnqualified(arn: string): void {
  if (parseStateMachineArn(arn).kind !== 'stateMachine') throw new InvalidArn(`Invalid Arn: '${arn}'`);
}
