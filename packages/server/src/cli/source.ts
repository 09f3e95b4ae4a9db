import { readFile } from 'node:fs/promises';
import {
  HistoryFileError,
  parseAwsHistory,
  parseExportLines,
  ExportFileError,
  type ExecutionSummary,
  type RecordedEvent,
  type StateMachineRevision,
  type StoredEvent,
} from '@statefold/core';
import { describeStoreAt, openExistingStoreAt, type DurableStore } from './store-at.js';
import { nestingDepthExceeds } from '../http/wire-json.js';

// Where the inspection commands read an execution from: a server's store (by ARN; a SQLite file or a PostgreSQL URL), a
// statefold export (JSON Lines), or a history AWS printed (`aws stepfunctions get-execution-history`).

/** A failure the CLI reports as one line on stderr, with its exit code (1, or 2 for bad input). */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** One execution, as far as the source knows it. */
export interface LoadedExecution {
  readonly origin: 'store' | 'export' | 'aws';
  /** The ARN, or the file it came from. */
  readonly label: string;
  readonly summary?: ExecutionSummary;
  /** The definition the execution ran, when the source has it. */
  readonly definition?: string;
  /** The revision the execution ran, when the source is an export that has it. */
  readonly revision?: StateMachineRevision;
  /** The events, each with its facts (none for an AWS history). */
  readonly events: readonly RecordedEvent[];
  /** The events with their audit hashes (store and export only). */
  readonly stored?: readonly StoredEvent[];
}

/** True when the command line names an execution or state machine by ARN rather than a file. */
export function isArn(target: string): boolean {
  return target.startsWith('arn:');
}

/**
 * How deeply a line of a file the CLI reads may nest: far more than any event or value an execution
 * records, far less than would exhaust the stack of the code that hashes and folds it.
 */
export const MAX_FILE_JSON_DEPTH = 1000;

/**
 * Refuses a file (one JSON document or JSON Lines) nesting deeper than `MAX_FILE_JSON_DEPTH`,
 * naming the line when one line does (exit 2).
 */
export function checkFileNesting(file: string, text: string): void {
  if (!nestingDepthExceeds(text, MAX_FILE_JSON_DEPTH)) return;
  const deep = text.split('\n').findIndex((line) => nestingDepthExceeds(line, MAX_FILE_JSON_DEPTH));
  throw new CliFailure(
    `${file}${deep < 0 ? '' : `: line ${deep + 1}`} nests deeper than ${MAX_FILE_JSON_DEPTH} levels`,
    2,
  );
}

/** Opens the store at `db` (a SQLite file, which must exist, or a postgres:// URL). */
export async function openDatabase(db: string): Promise<DurableStore> {
  let store: DurableStore | undefined;
  try {
    store = await openExistingStoreAt(db);
  } catch (error) {
    throw new CliFailure(
      `Cannot open ${describeStoreAt(db)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (store === undefined) {
    throw new CliFailure(`No statefold database at ${db} (pass --db <file or postgres:// URL>, or set STATEFOLD_DB)`);
  }
  return store;
}

/** Runs `use` with the database open, and closes it whatever happens. */
export async function withDatabase<T>(db: string, use: (store: DurableStore) => Promise<T>): Promise<T> {
  const store = await openDatabase(db);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** Reads one execution from the store by ARN, with the definition of the revision it ran. */
export async function loadStoredExecution(store: DurableStore, executionArn: string): Promise<LoadedExecution> {
  const summary = await store.getExecution(executionArn);
  if (summary === undefined) throw new CliFailure(`Execution Does Not Exist: '${executionArn}'`);
  const stored = await store.readStoredEvents(executionArn);
  const revision = await store.getStateMachineRevision(summary.stateMachineArn, summary.stateMachineRevisionId);
  return {
    origin: 'store',
    label: executionArn,
    summary,
    ...(revision !== undefined ? { definition: revision.definition } : {}),
    events: stored,
    stored,
  };
}

/** Every execution a file holds: one for an AWS history, one or more for a statefold export. */
export async function loadFile(file: string): Promise<LoadedExecution[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliFailure(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  checkFileNesting(file, text);
  const whole = parseWhole(text);
  if (whole !== undefined && !(isRecord(whole) && 'kind' in whole)) {
    try {
      return [{ origin: 'aws', label: file, events: parseAwsHistory(whole) }];
    } catch (error) {
      if (error instanceof HistoryFileError) throw new CliFailure(`${file}: ${error.message}`, 2);
      throw error;
    }
  }
  try {
    return parseExportLines(text).map((exported) => ({
      origin: 'export' as const,
      label: file,
      summary: exported.summary,
      ...(exported.revision !== undefined
        ? { definition: exported.revision.definition, revision: exported.revision }
        : {}),
      events: exported.events,
      stored: exported.events,
    }));
  } catch (error) {
    if (error instanceof ExportFileError) {
      throw new CliFailure(`${file} is neither a statefold export nor an AWS history: ${error.message}`, 2);
    }
    throw error;
  }
}

/**
 * The one execution `target` names: an ARN in the database, or a file (for an export holding
 * several, the one `executionArn` names).
 */
export async function loadExecution(target: string, db: string, executionArn?: string): Promise<LoadedExecution> {
  if (isArn(target)) return withDatabase(db, (store) => loadStoredExecution(store, target));
  const executions = await loadFile(target);
  if (executionArn !== undefined) {
    const found = executions.find((execution) => execution.summary?.executionArn === executionArn);
    if (found === undefined) throw new CliFailure(`Execution Does Not Exist: '${executionArn}' (not in ${target})`);
    return found;
  }
  const [only, ...others] = executions;
  if (only === undefined) throw new CliFailure(`${target} holds no execution`);
  if (others.length > 0) {
    const arns = executions.map((execution) => `  ${execution.summary?.executionArn ?? '?'}`).join('\n');
    throw new CliFailure(
      `${target} holds ${executions.length} executions; pick one with --execution <arn>:\n${arns}`,
      2,
    );
  }
  return only;
}

/** Reads a definition file for replay; bad JSON is reported when the definition is parsed. */
export async function readDefinitionFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliFailure(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, 2);
  }
}

function parseWhole(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not one JSON document: JSON Lines, which the export reader takes next.
    return undefined;
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
