import {
  verifyChain,
  type ChainVerification,
  type ExecutionSummary,
  type Store,
  type StoredEvent,
} from '@statefold/core';
import { printJson, stringFlag, type InspectionEnvironment, type ParsedFlags } from './flags.js';
import { CliFailure, loadFile, withDatabase } from './source.js';

const PAGE = 500;

/** `statefold verify`: recomputes the audit hash chains; exit 1 when one does not hold. */
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

async function verifyFile(file: string, only: string | undefined): Promise<ChainVerification[]> {
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
    return verifyChain(execution.summary.executionArn, execution.stored, execution.summary.lastEventId);
  });
}

async function verifyStore(store: Store, only: string | undefined): Promise<ChainVerification[]> {
  if (only !== undefined) {
    const summary = await store.getExecution(only);
    if (summary === undefined) throw new CliFailure(`Execution Does Not Exist: '${only}'`);
    return [await verifyExecution(store, summary)];
  }
  const list = store.listAllExecutions?.bind(store);
  if (list === undefined) throw new CliFailure('This store cannot list its executions.');
  const results: ChainVerification[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: PAGE, ...(cursor !== undefined ? { cursor } : {}) });
    for (const summary of page.items) results.push(await verifyExecution(store, summary));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return results;
}

async function verifyExecution(store: Store, summary: ExecutionSummary): Promise<ChainVerification> {
  const read = store.readStoredEvents?.bind(store);
  if (read === undefined) throw new CliFailure('This store keeps no audit hashes.');
  const arn = summary.executionArn;
  try {
    return verifyChain(arn, await read(arn), summary.lastEventId);
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

function formatResults(results: readonly ChainVerification[]): string {
  const lines = results.map((result) =>
    result.problem === undefined
      ? `ok    ${result.executionArn}  ${result.eventCount} events, head ${result.headHash.slice(0, 16)}`
      : `FAIL  ${result.executionArn}  ${result.problem.message}`,
  );
  const failed = results.filter((result) => result.problem !== undefined).length;
  lines.push(
    `${results.length} execution${results.length === 1 ? '' : 's'} verified: ${failed === 0 ? 'every hash chain holds' : `${failed} with a broken hash chain`}.`,
  );
  return `${lines.join('\n')}\n`;
}
