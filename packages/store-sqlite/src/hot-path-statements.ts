import {
  AppendConflict,
  chainHashes,
  ExecutionAlreadyStored,
  GENESIS_HASH,
  type EventRange,
  type ExecutionSummary,
  type RecordedEvent,
} from '@statefold/core';
import type BetterSqlite3 from 'better-sqlite3';
import { isKeyViolation } from './driver-errors.js';
import {
  eventColumns,
  toEventRow,
  toExecutionRow,
  type EventValues,
  type ExecutionsTable,
  type StateMachineRevisionsTable,
  type StateMachinesTable,
} from '@statefold/store-sql';

// The hot paths — createExecution, append (every decide's events), getExecution (DescribeExecution,
// StartExecution's name check), readEvents (GetExecutionHistory, loading an execution) and the two
// lookups every StartExecution makes (its state machine and revision) — as better-sqlite3 statements
// prepared once, on the same handle Kysely uses. Building and compiling a Kysely query costs more
// than running one of these small statements, and a group commit runs the writes synchronously
// inside its transaction, which Kysely's asynchronous driver cannot. Kysely keeps the migrations,
// the record writes and the list/paging queries.

type AppendPoint = Pick<ExecutionsTable, 'last_event_id' | 'state_machine_arn' | 'status' | 'start_date'> & {
  readonly hash: string | null;
};

const executionColumnNames = [
  'execution_arn',
  'state_machine_arn',
  'state_machine_revision_id',
  'name',
  'status',
  'start_date',
  'stop_date',
  'input',
  'output',
  'error',
  'cause',
  'trace_header',
  'redrive_count',
  'redrive_date',
  'redrivable',
  'last_event_id',
  'state_machine_version_arn',
  'state_machine_alias_arn',
  'map_run_arn',
] as const satisfies readonly (keyof ExecutionsTable)[];

// Indexed columns (0002/0003's indexes) are set only when they change, so that an append rewrites
// only the index entries that really move (one bit per column picks the prepared variant).
const indexedExecutionColumns = ['state_machine_arn', 'status', 'start_date'] as const;
// The version and alias an execution started through, and its Map Run, are written once, by its
// insert (0005's and 0006's indexes).
const insertOnlyExecutionColumns: readonly string[] = [
  'execution_arn',
  'state_machine_version_arn',
  'state_machine_alias_arn',
  'map_run_arn',
];
const unindexedExecutionColumns = executionColumnNames.filter(
  (column) =>
    !insertOnlyExecutionColumns.includes(column) && !(indexedExecutionColumns as readonly string[]).includes(column),
);

const selectEventsSql = (withHash: boolean, reverse: boolean): string =>
  `select ${[...eventColumns, ...(withHash ? ['hash'] : [])].join(', ')} from events` +
  ` where execution_arn = ? and id ${reverse ? '<' : '>'} ? order by id ${reverse ? 'desc' : 'asc'} limit ?`;

/** Prepares on first use: statements can only be prepared once the migrations made their tables. */
function lazily<Parameters extends unknown[], Row>(
  handle: BetterSqlite3.Database,
  sql: string,
  raw = false,
): () => BetterSqlite3.Statement<Parameters, Row> {
  let statement: BetterSqlite3.Statement<Parameters, Row> | undefined;
  return () =>
    (statement ??= raw ? handle.prepare<Parameters, Row>(sql).raw(true) : handle.prepare<Parameters, Row>(sql));
}

/** The store's hot statements on one better-sqlite3 handle. The writes run synchronously, inside the caller's transaction. */
export class HotPathStatements {
  readonly #handle: BetterSqlite3.Database;
  readonly #insertExecution;
  readonly #insertEvent;
  readonly #selectAppendPoint;
  readonly #selectExecution;
  readonly #selectStateMachine;
  readonly #selectRevision;
  readonly #selectEvents;
  readonly #updateExecution = new Map<number, BetterSqlite3.Statement<[ExecutionsTable]>>();

  constructor(handle: BetterSqlite3.Database) {
    this.#handle = handle;
    this.#insertExecution = lazily<[ExecutionsTable], never>(
      handle,
      `insert into executions (${executionColumnNames.join(', ')}) values (${executionColumnNames.map((column) => `@${column}`).join(', ')})`,
    );
    this.#insertEvent = lazily<[string, number, number, string, string, string, string | null, string | null], never>(
      handle,
      'insert into events (execution_arn, id, previous_event_id, type, timestamp, details, facts, hash) values (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // One lookup: the stored last event id, the hash the new events chain from, and the indexed columns.
    this.#selectAppendPoint = lazily<[string], AppendPoint>(
      handle,
      'select x.last_event_id, x.state_machine_arn, x.status, x.start_date, e.hash from executions x' +
        ' left join events e on e.execution_arn = x.execution_arn and e.id = x.last_event_id where x.execution_arn = ?',
    );
    this.#selectExecution = lazily<[string], ExecutionsTable>(
      handle,
      'select * from executions where execution_arn = ?',
    );
    this.#selectStateMachine = lazily<[string], StateMachinesTable>(
      handle,
      'select * from state_machines where state_machine_arn = ?',
    );
    this.#selectRevision = lazily<[string, string], StateMachineRevisionsTable>(
      handle,
      'select * from state_machine_revisions where state_machine_arn = ? and revision_id = ?',
    );
    const selectEvents = (withHash: boolean, reverse: boolean) =>
      lazily<[string, number, number], EventValues>(handle, selectEventsSql(withHash, reverse), true);
    this.#selectEvents = {
      forward: selectEvents(false, false),
      reverse: selectEvents(false, true),
      forwardWithHash: selectEvents(true, false),
      reverseWithHash: selectEvents(true, true),
    };
  }

  /** Inserts the summary row and the first events; throws `ExecutionAlreadyStored` for a stored ARN. */
  createExecution(summary: ExecutionSummary, firstEvents: readonly RecordedEvent[]): void {
    try {
      this.#insertExecution().run(toExecutionRow(summary));
    } catch (error) {
      if (isKeyViolation(error)) throw new ExecutionAlreadyStored(summary.executionArn);
      throw error;
    }
    this.#insertEvents(summary.executionArn, firstEvents, GENESIS_HASH);
  }

  /** Appends events and replaces the summary; throws `AppendConflict` when `expectedLastEventId` is stale. */
  append(
    executionArn: string,
    expectedLastEventId: number,
    events: readonly RecordedEvent[],
    summary: ExecutionSummary,
  ): void {
    const stored = this.#selectAppendPoint().get(executionArn);
    const actualLastEventId = stored?.last_event_id;
    if (stored === undefined || actualLastEventId !== expectedLastEventId) {
      throw new AppendConflict(executionArn, expectedLastEventId, actualLastEventId);
    }
    try {
      this.#insertEvents(executionArn, events, stored.hash ?? GENESIS_HASH);
    } catch (error) {
      // Ids that overlap stored events: the history moved on in a way the summary did not show.
      if (isKeyViolation(error)) throw new AppendConflict(executionArn, expectedLastEventId, actualLastEventId);
      throw error;
    }
    const row = toExecutionRow(summary);
    const changed = indexedExecutionColumns.reduce(
      (bits, column, bit) => (row[column] === stored[column] ? bits : bits | (1 << bit)),
      0,
    );
    this.#updateStatement(changed).run(row);
  }

  getExecution(executionArn: string): ExecutionsTable | undefined {
    return this.#selectExecution().get(executionArn);
  }

  getStateMachine(stateMachineArn: string): StateMachinesTable | undefined {
    return this.#selectStateMachine().get(stateMachineArn);
  }

  getStateMachineRevision(stateMachineArn: string, revisionId: string): StateMachineRevisionsTable | undefined {
    return this.#selectRevision().get(stateMachineArn, revisionId);
  }

  /** The raw rows of an event range: the columns `fromEventValues` reads (and the hash if asked). */
  readEvents(executionArn: string, range: EventRange, withHash: boolean): EventValues[] {
    const reverse = range.reverse === true;
    // Unbounded ends as values, so that one statement serves every range: ids are positive, and a
    // negative LIMIT is no limit in SQLite.
    const after = range.after ?? (reverse ? Number.MAX_SAFE_INTEGER : 0);
    const statements = this.#selectEvents;
    const statement = withHash
      ? reverse
        ? statements.reverseWithHash
        : statements.forwardWithHash
      : reverse
        ? statements.reverse
        : statements.forward;
    return statement().all(executionArn, after, range.limit ?? -1);
  }

  #insertEvents(executionArn: string, events: readonly RecordedEvent[], previousHash: string): void {
    const hashes = chainHashes(executionArn, events, previousHash);
    const insert = this.#insertEvent();
    events.forEach((recorded, index) => {
      const row = toEventRow(executionArn, recorded);
      insert.run(
        executionArn,
        row.id,
        row.previous_event_id,
        row.type,
        row.timestamp,
        row.details,
        row.facts,
        hashes[index] ?? null,
      );
    });
  }

  #updateStatement(changedIndexedColumns: number): BetterSqlite3.Statement<[ExecutionsTable]> {
    let statement = this.#updateExecution.get(changedIndexedColumns);
    if (statement === undefined) {
      const columns = [
        ...unindexedExecutionColumns,
        ...indexedExecutionColumns.filter((_, bit) => (changedIndexedColumns & (1 << bit)) !== 0),
      ];
      statement = this.#handle.prepare<[ExecutionsTable]>(
        `update executions set ${columns.map((column) => `${column} = @${column}`).join(', ')} where execution_arn = @execution_arn`,
      );
      this.#updateExecution.set(changedIndexedColumns, statement);
    }
    return statement;
  }
}
