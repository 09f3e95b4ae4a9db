import { readFile, writeFile } from 'node:fs/promises';
import {
  exportExecutionLines,
  ExportFileError,
  importExecution,
  parseExportLines,
  type ExecutionSummary,
  type ExportedExecution,
  type Store,
} from '@statefold/core';
import { sqliteStore } from '@statefold/store-sqlite';
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

/** `statefold import`: an export back into a SQLite file; an edited export is refused. */
export async function runImport(flags: ParsedFlags, environment: InspectionEnvironment): Promise<number> {
  const file = onePositional(flags, 'an export file');
  let exported: ExportedExecution[];
  try {
    exported = parseExportLines(await readFile(file, 'utf8'));
  } catch (error) {
    if (error instanceof ExportFileError)
      throw new CliFailure(`${file} is not a statefold export: ${error.message}`, 2);
    throw new CliFailure(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let store;
  try {
    store = await sqliteStore({ filename: flags.db });
  } catch (error) {
    throw new CliFailure(`Cannot open ${flags.db}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let refused = 0;
  try {
    for (const execution of exported) {
      const outcome = await importExecution(store, execution);
      switch (outcome.kind) {
        case 'imported':
          environment.stdout(`imported  ${outcome.executionArn} (${outcome.eventCount} events)\n`);
          break;
        case 'exists':
          environment.stdout(`skipped   ${outcome.executionArn}: already in ${flags.db}\n`);
          break;
        case 'tampered':
          refused++;
          environment.stderr(`refused   ${outcome.executionArn}: ${outcome.problem.message}\n`);
          break;
      }
    }
  } finally {
    await store.close();
  }
  return refused > 0 ? 1 : 0;
}
