import type { ExecutionStatus } from '../history/index.js';

// An export's header line is a trust boundary: its summary becomes an executions row and its
// revision a revision row, so every member a row needs is checked before anything is written.

const STATUSES: ReadonlySet<ExecutionStatus> = new Set([
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
]);
const SUMMARY_TEXT = ['executionArn', 'stateMachineArn', 'stateMachineRevisionId', 'name', 'startDate', 'input'];
const SUMMARY_OPTIONAL_TEXT = ['stopDate', 'output', 'error', 'cause', 'traceHeader'];
const REVISION_TEXT = ['stateMachineArn', 'revisionId', 'definition', 'roleArn', 'creationDate'];

/**
 * What is wrong with an export header's `execution` summary and `revision`, in words for the
 * user, or `undefined` when both have every member a stored row needs, of the right type. Pure.
 */
export function exportHeaderProblem(summary: Readonly<Record<string, unknown>>, revision: unknown): string | undefined {
  const missing = SUMMARY_TEXT.find((name) => typeof summary[name] !== 'string');
  if (missing !== undefined) return `an execution line whose "execution.${missing}" is not a string`;
  const wrong = SUMMARY_OPTIONAL_TEXT.find((name) => summary[name] !== undefined && typeof summary[name] !== 'string');
  if (wrong !== undefined) return `an execution line whose "execution.${wrong}" is not a string`;
  if (!STATUSES.has(summary['status'] as ExecutionStatus))
    return `an execution line whose "execution.status" is not one of ${[...STATUSES].join(', ')}`;
  const lastEventId = summary['lastEventId'];
  if (typeof lastEventId !== 'number' || !Number.isSafeInteger(lastEventId) || lastEventId < 1)
    return 'an execution line whose "execution.lastEventId" is not a whole number of at least 1';
  if (revision === undefined) return undefined;
  if (typeof revision !== 'object' || revision === null || Array.isArray(revision))
    return 'an execution line whose "revision" is not an object';
  const record = revision as Readonly<Record<string, unknown>>;
  const missingMember = REVISION_TEXT.find((name) => typeof record[name] !== 'string');
  if (missingMember !== undefined) return `an execution line whose "revision.${missingMember}" is not a string`;
  if (
    record['stateMachineArn'] !== summary['stateMachineArn'] ||
    record['revisionId'] !== summary['stateMachineRevisionId']
  )
    return 'an execution line whose "revision" is not the one its execution names';
  return undefined;
}
