import { readFile } from 'node:fs/promises';
import {
  ExportFileError,
  importExecution,
  parseExportLines,
  verifyChain,
  verifyProjections,
  type ExportedExecution,
  type ImportOutcome,
} from '@statefold/core';
import { onePositional, type InspectionEnvironment, type ParsedFlags } from './flags.js';
import { checkFileNesting, CliFailure } from './source.js';
import { describeStoreAt, openStoreAt, type DurableStore } from './store-at.js';

/**
 * `statefold import`: an export back into a store (a SQLite file or a PostgreSQL URL). An edited export (a broken hash chain, a
 * summary or revision that its events contradict) is refused, and nothing the file holds already
 * is changed: an existing execution is skipped, an existing revision with other content refuses.
 */
export async function runImport(flags: ParsedFlags, environment: InspectionEnvironment): Promise<number> {
  const file = onePositional(flags, 'an export file');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliFailure(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  checkFileNesting(file, text);
  let exported: ExportedExecution[];
  try {
    exported = parseExportLines(text);
  } catch (error) {
    if (error instanceof ExportFileError)
      throw new CliFailure(`${file} is not a statefold export: ${error.message}`, 2);
    throw error;
  }
  const store = await openTarget(flags.db);
  let refused = 0;
  try {
    for (const execution of exported) {
      const outcome = await importChecked(store, execution);
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
        case 'conflict':
          refused++;
          environment.stderr(`refused   ${outcome.executionArn}: ${outcome.message}\n`);
          break;
      }
    }
  } finally {
    await store.close();
  }
  return refused > 0 ? 1 : 0;
}

async function openTarget(db: string): Promise<DurableStore> {
  try {
    return await openStoreAt(db);
  } catch (error) {
    throw new CliFailure(
      `Cannot open ${describeStoreAt(db)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

// The summary and revision become rows that DescribeExecution and recovery read: once the chain
// holds, they must be what its events say (an export without a revision is checked against the
// store's copy, which it would otherwise run on).
async function importChecked(store: DurableStore, execution: ExportedExecution): Promise<ImportOutcome> {
  const { summary, events } = execution;
  if (verifyChain(summary.executionArn, events, summary.lastEventId).problem === undefined) {
    const revision =
      execution.revision ??
      (await store.getStateMachineRevision(summary.stateMachineArn, summary.stateMachineRevisionId));
    const { problem } = verifyProjections(summary, revision, events);
    if (problem !== undefined) {
      return {
        kind: 'conflict',
        executionArn: summary.executionArn,
        message: `its header contradicts its events: ${problem.message}`,
      };
    }
  }
  return importExecution(store, execution);
}
