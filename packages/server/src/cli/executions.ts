import type { ExecutionStatus, ExecutionSummary, Page, Store } from '@statefold/core';
import { printJson, stringFlag, type InspectionEnvironment, type ParsedFlags } from './flags.js';
import { CliFailure, isArn, withDatabase } from './source.js';

const STATUSES: readonly ExecutionStatus[] = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
];

/** `statefold executions`: what ran, newest first, a page at a time. */
export async function runExecutions(flags: ParsedFlags, environment: InspectionEnvironment): Promise<number> {
  if (flags.positionals.length > 0) throw new CliFailure(`Unexpected argument '${flags.positionals[0] ?? ''}'.`, 2);
  const stateMachine = stringFlag(flags, 'state-machine');
  const status = statusOf(stringFlag(flags, 'status'));
  const since = sinceOf(stringFlag(flags, 'since'));
  const limit = limitOf(stringFlag(flags, 'limit'));
  const cursor = stringFlag(flags, 'next-token');
  const page = await withDatabase(flags.db, async (store): Promise<Page<ExecutionSummary>> => {
    const request = { limit, ...(status !== undefined ? { status } : {}), ...(cursor !== undefined ? { cursor } : {}) };
    try {
      if (stateMachine !== undefined) {
        const stateMachineArn = isArn(stateMachine) ? stateMachine : await stateMachineArnNamed(store, stateMachine);
        return await store.listExecutions({ stateMachineArn, ...request });
      }
      const list = store.listAllExecutions?.bind(store);
      if (list === undefined)
        throw new CliFailure('This store cannot list the executions of every state machine: pass --state-machine.');
      return await list(request);
    } catch (error) {
      if (error instanceof Error && error.name === 'InvalidStoreCursor')
        throw new CliFailure(`Invalid Token: '${cursor ?? ''}'`, 2);
      throw error;
    }
  });
  // Newest first: once one started before --since, every later one did too.
  const items = since === undefined ? page.items : page.items.filter((summary) => summary.startDate >= since);
  const more = items.length === page.items.length ? page.cursor : undefined;
  if (flags.json) {
    printJson(environment, { executions: items, ...(more !== undefined ? { nextToken: more } : {}) });
    return 0;
  }
  const lines = items.map((s) => `${s.startDate}  ${s.status.padEnd(9)}  ${s.name.padEnd(24)}  ${s.executionArn}`);
  if (items.length === 0) lines.push('No executions.');
  if (more !== undefined) lines.push(`More: add --next-token ${more}`);
  environment.stdout(`${lines.join('\n')}\n`);
  return 0;
}

/** The ARN of the one state machine called `name`; a name that matches none, or several, is refused. */
async function stateMachineArnNamed(store: Store, name: string): Promise<string> {
  const arns: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listStateMachines({ limit: 1000, ...(cursor !== undefined ? { cursor } : {}) });
    for (const record of page.items) if (record.name === name) arns.push(record.stateMachineArn);
    cursor = page.cursor;
  } while (cursor !== undefined);
  const [arn, ...others] = arns;
  if (arn === undefined) throw new CliFailure(`No state machine is named '${name}' (give a name or an ARN).`);
  if (others.length > 0)
    throw new CliFailure(`Several state machines are named '${name}': give one's ARN (${arns.join(', ')}).`, 2);
  return arn;
}

function statusOf(text: string | undefined): ExecutionStatus | undefined {
  if (text === undefined) return undefined;
  const status = STATUSES.find((candidate) => candidate === text);
  if (status === undefined) throw new CliFailure(`--status must be one of ${STATUSES.join(', ')}, not '${text}'.`, 2);
  return status;
}

function sinceOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CliFailure(`--since must be an ISO-8601 date, not '${text}'.`, 2);
  return new Date(ms).toISOString();
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return 50;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new CliFailure(`--limit must be an integer from 1 to 1000, not '${text}'.`, 2);
  return limit;
}
