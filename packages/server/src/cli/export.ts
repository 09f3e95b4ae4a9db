import { writeFile } from 'node:fs/promises';
import { exportExecutionLines, type ExecutionSummary, type Store } from '@statefold/core';
import { onePositional, stringFlag, type InspectionEnvironment, type ParsedFlags } from './flags.js';
import { CliFailure, withDatabase } from './source.js';

const PAGE = 500;

/** `statefold export`: an execution, or every execution of a state machine, as JSON Lines. */
export async function runExport(flags: ParsedFlags, environment: InspectionEnvironment): Promise<number> {
  const arn = onePositional(flags, 'an execution or state machine ARN');
  const output = stringFlag(flags, 'output');
  const { lines, executions, events } = await withDatabase(flags.db, async (store) => {
    const summaries = await summariesOf(store, arn);
    const all: string[] = [];
    let eventCount = 0;
    for (const summary of summaries) {
      const stored =
        (await store.readStoredEvents?.(summary.executionArn)) ??
        (await store.readEvents(summary.executionArn)).map((event) => ({ event }));
      const revision = await store.getStateMachineRevision(summary.stateMachineArn, summary.stateMachineRevisionId);
      all.push(...exportExecutionLines(summary, revision, stored));
      eventCount += stored.length;
    }
    return { lines: all, executions: summaries.length, events: eventCount };
  });
  const text = lines.map((line) => `${line}\n`).join('');
  if (output === undefined) {
    environment.stdout(text);
    return 0;
  }
  try {
    await writeFile(output, text, 'utf8');
  } catch (error) {
    throw new CliFailure(`Cannot write ${output}: ${error instanceof Error ? error.message : String(error)}`);
  }
  environment.stdout(
    `Exported ${executions} execution${executions === 1 ? '' : 's'} (${events} events) to ${output}.\n`,
  );
  return 0;
}

async function summariesOf(store: Store, arn: string): Promise<ExecutionSummary[]> {
  if (/^arn:[^:]+:states:[^:]*:[^:]*:execution:/.test(arn)) {
    const summary = await store.getExecution(arn);
    if (summary === undefined) throw new CliFailure(`Execution Does Not Exist: '${arn}'`);
    return [summary];
  }
  if (!/^arn:[^:]+:states:[^:]*:[^:]*:stateMachine:/.test(arn))
    throw new CliFailure(`Invalid Arn: '${arn}' names neither an execution nor a state machine.`, 2);
  const summaries: ExecutionSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listExecutions({
      stateMachineArn: arn,
      limit: PAGE,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    summaries.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  if (summaries.length === 0 && (await store.getStateMachine(arn)) === undefined)
    throw new CliFailure(`State Machine Does Not Exist: '${arn}'`);
  // Oldest first, so that a file reads in the order things ran.
  return summaries.reverse();
}
