import { readFile } from 'node:fs/promises';
import { ExportFileError, importExecution, parseExportLines, type ExportedExecution } from '@statefold/core';
import { onePositional, type InspectionEnvironment, type ParsedFlags } from './flags.js';
import { CliFailure } from './source.js';
import { describeStoreAt, openStoreAt, type DurableStore } from './store-at.js';

/** `statefold import`: an export back into a store (a SQLite file or a PostgreSQL URL); an edited export is refused. */
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
  let store: DurableStore;
  try {
    store = await openStoreAt(flags.db);
  } catch (error) {
    throw new CliFailure(
      `Cannot open ${describeStoreAt(flags.db)}: ${error instanceof Error ? error.message : String(error)}`,
    );
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
