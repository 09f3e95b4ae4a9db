import { ResourceNotFound, StateMachineDoesNotExist } from '../../errors/index.js';
import type { ListStateMachineAliasesInput, ListStateMachineAliasesOutput } from '../api-types.js';
import { parseStateMachineArn } from '../arns.js';
import { decodePageToken, encodePageToken, readPage, type TokenScope } from '../page-tokens.js';
import { checkPaging, constraints, pageSize, RequestValidator } from '../request-validator.js';
import type { ServiceContext } from '../service-context.js';
import { MAX_ALIASES } from '../state-machine-versions.js';

/**
 * ListStateMachineAliases: a state machine's aliases, newest first, or — given a version ARN —
 * the aliases that route to that version. Read-only. Throws `ValidationException`, `InvalidArn`,
 * `StateMachineDoesNotExist`, `ResourceNotFound` (a version that does not exist), `InvalidToken`.
 */
export async function listStateMachineAliases(
  context: ServiceContext,
  input: ListStateMachineAliasesInput,
): Promise<ListStateMachineAliasesOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineArn', input.stateMachineArn)) {
    validator.string('stateMachineArn', input.stateMachineArn, constraints.arn);
  }
  checkPaging(validator, input);
  validator.throwIfInvalid();

  const parts = parseStateMachineArn(input.stateMachineArn);
  if (parts.kind === 'alias') throw new StateMachineDoesNotExist(input.stateMachineArn);
  if ((await context.store.getStateMachine(parts.stateMachineArn)) === undefined) {
    throw new StateMachineDoesNotExist(parts.stateMachineArn);
  }
  const scope: TokenScope = { action: 'ListStateMachineAliases', filter: input.stateMachineArn };
  const cursor = input.nextToken === undefined ? undefined : decodePageToken(scope, input.nextToken);
  const limit = pageSize(input.maxResults);
  if (parts.kind === 'version') {
    if ((await context.store.getStateMachineVersion(input.stateMachineArn)) === undefined) {
      throw new ResourceNotFound(`Resource not found: '${input.stateMachineArn}'`);
    }
    // At most 100 aliases per state machine: filtered in one read, paged by position.
    const { items } = await context.store.listStateMachineAliases(parts.stateMachineArn, { limit: MAX_ALIASES });
    const routing = items.filter((alias) =>
      alias.routingConfiguration.some((item) => item.stateMachineVersionArn === input.stateMachineArn),
    );
    const start = cursor === undefined ? 0 : Number(cursor);
    const end = start + limit;
    return {
      stateMachineAliases: routing.slice(start, end).map(listItem),
      ...(end < routing.length ? { nextToken: encodePageToken(scope, String(end)) } : {}),
    };
  }
  const page = await readPage(input.nextToken, () =>
    context.store.listStateMachineAliases(parts.stateMachineArn, cursor === undefined ? { limit } : { limit, cursor }),
  );
  return {
    stateMachineAliases: page.items.map(listItem),
    ...(page.cursor === undefined ? {} : { nextToken: encodePageToken(scope, page.cursor) }),
  };
}

function listItem(alias: { readonly stateMachineAliasArn: string; readonly creationDate: string }) {
  return { stateMachineAliasArn: alias.stateMachineAliasArn, creationDate: new Date(alias.creationDate) };
}
