import {
  verifyChain,
  verifyProjections,
  type ChainProblem,
  type ChainVerification,
  type ExecutionSummary,
  type ProjectionProblem,
  type StateMachineRevision,
  type Store,
  type StoredEvent,
} from '@statefold/core';
import { printJson, stringFlag, type InspectionEnvironment, type ParsedFlags } from './flags.js';
import { CliFailure, loadFile, withDatabase } from './source.js';

const PAGE = 500;

/** What `verify` found for one execution: its chain, then the rows folded from it. */
type Verification = Omit<ChainVerification, 'problem'> & {
  readonly problem?: ChainProblem | ProjectionProblem;
  /** What the history does not cover (the revision, for a history recorded before definition hashes). */
  readonly uncovered?: string;
};

/**
 * `statefold verify`: recomputes the audit hash chains, then checks every row served from them
 * (the executions row, the revision it ran) against what its history says; exit 1 when one does
 * not hold, naming the row and its changed members.
 */
export async function runVerify(flags: ParsedFlags, environment: InspectionEnvironment): Promise<number> {
  const [file, ...extra] = flags.positionals;
  if (extra.length > 0) throw new CliFailure(`Unexpected argument '${extra[0] ?? ''}'.`, 2);
  const only = stringFlag(flags, 'execution');
  const results =
    file !== undefined
      ? await verifyFile(file, only)
      : await withDatabase(flags.db, (store) => verifyStore(store, only));
  if (flags.json) printJson(environment, results);
  else environment.stdout(formatResults(results));
  return results.some((result) => result.problem !== undefined) ? 1 : 0;
}

async function verifyFile(file: string, only: string | undefined): Promise<Verification[]> {
  const executions = (await loadFile(file)).filter(
    (execution) => only === undefined || execution.summary?.executionArn === only,
  );
  if (only !== undefined && executions.length === 0)
    throw new CliFailure(`Execution Does Not Exist: '${only}' (not in ${file})`);
  return executions.map((execution) => {
    if (execution.summary === undefined || execution.stored === undefined) {
      throw new CliFailure(
        `${file} is an AWS history: it has no hashes to verify (export from a statefold database instead).`,
        2,
      );
    }
    const chain = verifyChain(execution.summary.executionArn, execution.stored, execution.summary.lastEventId);
    return withProjections(chain, execution.summary, execution.revision, execution.stored);
  });
}

async function verifyStore(store: Store, only: string | undefined): Promise<Verification[]> {
  if (only !== undefined) {
    const summary = await store.getExecution(only);
    if (summary === undefined) throw new CliFailure(`Execution Does Not Exist: '${only}'`);
    return [await verifyExecution(store, summary)];
  }
  const list = store.listAllExecutions?.bind(store);
  if (list === undefined) throw new CliFailure('This store cannot list its executions.');
  const results: Verification[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: PAGE, ...(cursor !== undefined ? { cursor } : {}) });
    for (const summary of page.items) results.push(await verifyExecution(store, summary));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return results;
}

async function verifyExecution(store: Store, summary: ExecutionSummary): Promise<Verification> {
  const read = store.readStoredEvents?.bind(store);
  if (read === undefined) throw new CliFailure('This store keeps no audit hashes.');
  const arn = summary.executionArn;
  try {
    const events = await read(arn);
    const revision = await store.getStateMachineRevision(summary.stateMachineArn, summary.stateMachineRevisionId);
    return withProjections(verifyChain(arn, events, summary.lastEventId), summary, revision, events);
  } catch (error) {
    // A row edited so badly that it no longer reads as an event: find which, one event at a time.
    const readable: StoredEvent[] = [];
    for (;;) {
      const after = readable[readable.length - 1]?.event.id ?? 0;
      let next: readonly StoredEvent[];
      try {
        next = await read(arn, { after, limit: 1 });
      } catch {
        const check = verifyChain(arn, readable);
        if (check.problem !== undefined) return check;
        const eventId = after + 1;
        return {
          ...check,
          problem: {
            kind: 'altered',
            eventId,
            message: `event ${eventId} was altered: it no longer reads as an event (${String(error)})`,
          },
        };
      }
      const [event] = next;
      if (event === undefined) throw error;
      readable.push(event);
    }
  }
}

// Only a chain that holds can vouch for the rows folded from it.
function withProjections(
  chain: ChainVerification,
  summary: ExecutionSummary,
  revision: StateMachineRevision | undefined,
  events: readonly StoredEvent[],
): Verification {
  if (chain.problem !== undefined) return chain;
  const { problem, uncovered } = verifyProjections(summary, revision, events);
  return { ...chain, ...(problem === undefined ? {} : { problem }), ...(uncovered === undefined ? {} : { uncovered }) };
}

function formatResults(results: readonly Verification[]): string {
  const lines = results.map((result) =>
    result.problem === undefined
      ? `ok    ${result.executionArn}  ${result.eventCount} events, head ${result.headHash.slice(0, 16)}${result.uncovered === undefined ? '' : ` (${result.uncovered})`}`
      : `FAIL  ${result.executionArn}  ${result.problem.message}`,
  );
  const broken = results.filter((result) => result.problem !== undefined && result.problem.kind !== 'projection');
  const changed = results.filter((result) => result.problem?.kind === 'projection');
  const verdict =
    broken.length + changed.length === 0
      ? 'every hash chain holds and every row matches its history'
      : [
          ...(broken.length > 0 ? [`${broken.length} with a broken hash chain`] : []),
          ...(changed.length > 0 ? [`${changed.length} with a row that does not match its history`] : []),
        ].join(', ');
  lines.push(`${results.length} execution${results.length === 1 ? '' : 's'} verified: ${verdict}.`);
  return `${lines.join('\n')}\n`;
}
