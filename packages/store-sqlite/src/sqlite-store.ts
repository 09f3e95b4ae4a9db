import {
  decodeKeysetCursor,
  StoreClosed,
  type ActivityRecord,
  type AllExecutionsQuery,
  type EventRange,
  type ExecutionQuery,
  type ExecutionSummary,
  type Page,
  type PageRequest,
  type RecordedEvent,
  type StateMachineAliasRecord,
  type StateMachineRecord,
  type StateMachineRevision,
  type StateMachineVersionRecord,
  type Store,
  type StoredEvent,
} from '@statefold/core';
import { Kysely, type CompiledQuery } from 'kysely';
import { toPortError } from './driver-errors.js';
import { HotPathStatements } from './hot-path-statements.js';
import { createGroupTransaction, GroupCommit } from './group-commit.js';
import { migrateToLatest } from './migrations/index.js';
import { openDatabase } from './open-database.js';
import {
  eventColumns,
  fromActivityRow,
  fromEventValues,
  fromExecutionRow,
  fromRevisionRow,
  fromStateMachineRow,
  toActivityRow,
  toRevisionRow,
  toStateMachineRow,
  type StoreTables,
} from './rows.js';
import { StoreSqliteDialect } from './sqlite-dialect.js';
import type { SqliteStoreConfig } from './sqlite-store-config.js';
import { SqliteVersionRecords } from './sqlite-version-records.js';
import { StatementCache } from './statement-cache.js';
import { toPage } from './to-page.js';

/**
 * A `Store` in one SQLite file (or in memory) through Kysely and better-sqlite3: the embedded
 * default. Writes are group-committed: the writes that arrive while the store is busy (or in one
 * event-loop turn) share one immediate transaction, each in a savepoint of its own (a write that
 * fails rejects alone), and resolve only once its COMMIT returned — so an acknowledged write is
 * on disk (with `synchronous: 'FULL'`), a crash leaves only whole writes, and many writes cost
 * one sync of the log. Several processes may share a file: writers queue on SQLite's lock for up
 * to the busy timeout. A write reads the values it was given when its group runs (in this
 * event-loop turn or the next), so a caller leaves them unchanged until the write settles, as
 * the engine does with the events and summaries it hands over.
 *
 * Construction opens the file synchronously (throwing `StoreFileUnreadable` for a file that is
 * not an SQLite database) and migrates the schema in the background; `opened()` and every
 * method wait for that, and reject with `StoreSchemaTooNew` for a file a newer statefold wrote.
 */
export class SqliteStore implements Store {
  readonly #db: Kysely<StoreTables>;
  readonly #statements: StatementCache;
  readonly #hotPath: HotPathStatements;
  readonly #groupCommit: GroupCommit;
  readonly #versionRecords: SqliteVersionRecords;
  readonly #filename: string;
  readonly #ready: Promise<void>;
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed = false;
  /** True once #ready resolved: the schema is current and the statements can run. */
  #isReady = false;

  constructor(config: SqliteStoreConfig) {
    const { handle, filename } = openDatabase(config);
    this.#filename = filename;
    this.#statements = new StatementCache(handle);
    const db = new Kysely<unknown>({ dialect: new StoreSqliteDialect(this.#statements) });
    this.#db = db.withTables<StoreTables>();
    this.#hotPath = new HotPathStatements(handle);
    this.#groupCommit = new GroupCommit(createGroupTransaction(handle));
    this.#versionRecords = new SqliteVersionRecords({
      db: this.#db,
      query: (operation) => this.#query(operation),
      write: (queries, translate) =>
        this.#write(() => {
          try {
            this.#runCompiled(queries);
          } catch (error) {
            throw translate === undefined ? error : translate(error);
          }
        }),
    });
    this.#ready = migrateToLatest(db, filename).then(
      () => {
        this.#isReady = true;
      },
      (error: unknown) => {
        throw toPortError(error, filename);
      },
    );
    // Not swallowed: every call (and `opened()`) awaits #ready and rethrows its error. This only
    // keeps Node from reporting a rejection nobody has awaited yet.
    this.#ready.catch(() => undefined);
  }

  /** Resolves once the file is open and its schema current; rejects with the reason it cannot be used. */
  opened(): Promise<void> {
    return this.#ready;
  }

  createExecution(summary: ExecutionSummary, firstEvents: readonly RecordedEvent[]): Promise<void> {
    return this.#write(() => this.#hotPath.createExecution(summary, firstEvents));
  }

  append(
    executionArn: string,
    expectedLastEventId: number,
    events: readonly RecordedEvent[],
    summary: ExecutionSummary,
  ): Promise<void> {
    return this.#write(() => this.#hotPath.append(executionArn, expectedLastEventId, events, summary));
  }

  readEvents(executionArn: string, range: EventRange = {}): Promise<readonly RecordedEvent[]> {
    return this.#read(() => this.#hotPath.readEvents(executionArn, range, false).map(fromEventValues));
  }

  /** Events with their audit hashes, ranged as `readEvents` ranges them. */
  readStoredEvents(executionArn: string, range: EventRange = {}): Promise<readonly StoredEvent[]> {
    return this.#read(() =>
      this.#hotPath.readEvents(executionArn, range, true).map((values) => {
        const hash = values[eventColumns.length];
        const { event, facts } = fromEventValues(values);
        return typeof hash === 'string' ? { event, facts, hash } : { event, facts };
      }),
    );
  }

  /** Executions of every state machine, newest start first (ties by ARN, descending). */
  listAllExecutions(query: AllExecutionsQuery): Promise<Page<ExecutionSummary>> {
    return this.#listNewestFirst(query);
  }

  getExecution(executionArn: string): Promise<ExecutionSummary | undefined> {
    return this.#read(() => {
      const row = this.#hotPath.getExecution(executionArn);
      return row === undefined ? undefined : fromExecutionRow(row);
    });
  }

  listExecutions(query: ExecutionQuery): Promise<Page<ExecutionSummary>> {
    return this.#listNewestFirst(query, query);
  }

  /** Executions (of one state machine, version or alias, when given), newest start first (ties by ARN, descending). */
  #listNewestFirst(query: AllExecutionsQuery, of?: ExecutionQuery): Promise<Page<ExecutionSummary>> {
    return this.#query(async (db) => {
      let select = db.selectFrom('executions').selectAll();
      if (of?.stateMachineAliasArn !== undefined) {
        select = select.where('state_machine_alias_arn', '=', of.stateMachineAliasArn);
      } else if (of?.stateMachineVersionArn !== undefined) {
        select = select.where('state_machine_version_arn', '=', of.stateMachineVersionArn);
      } else if (of !== undefined) {
        select = select.where('state_machine_arn', '=', of.stateMachineArn);
      }
      if (query.status !== undefined) select = select.where('status', '=', query.status);
      if (query.cursor !== undefined) {
        const [startDate = '', executionArn = ''] = decodeKeysetCursor(query.cursor, 2);
        select = select.where((eb) =>
          eb(eb.refTuple('start_date', 'execution_arn'), '<', eb.tuple(startDate, executionArn)),
        );
      }
      const rows = await select
        .orderBy('start_date', 'desc')
        .orderBy('execution_arn', 'desc')
        .limit(query.limit + 1)
        .execute();
      return toPage(rows, query.limit, fromExecutionRow, (row) => [row.start_date, row.execution_arn]);
    });
  }

  listOpenExecutions(page: PageRequest): Promise<Page<ExecutionSummary>> {
    return this.#query(async (db) => {
      let select = db.selectFrom('executions').selectAll().where('status', '=', 'RUNNING');
      if (page.cursor !== undefined) {
        const [startDate = '', executionArn = ''] = decodeKeysetCursor(page.cursor, 2);
        select = select.where((eb) =>
          eb(eb.refTuple('start_date', 'execution_arn'), '>', eb.tuple(startDate, executionArn)),
        );
      }
      const rows = await select
        .orderBy('start_date', 'asc')
        .orderBy('execution_arn', 'asc')
        .limit(page.limit + 1)
        .execute();
      return toPage(rows, page.limit, fromExecutionRow, (row) => [row.start_date, row.execution_arn]);
    });
  }

  putStateMachine(record: StateMachineRecord): Promise<void> {
    const { state_machine_arn: _key, ...columns } = toStateMachineRow(record);
    return this.#writeCompiled(
      this.#db
        .insertInto('state_machines')
        .values(toStateMachineRow(record))
        .onConflict((conflict) => conflict.column('state_machine_arn').doUpdateSet(columns))
        .compile(),
    );
  }

  getStateMachine(stateMachineArn: string): Promise<StateMachineRecord | undefined> {
    return this.#read(() => {
      const row = this.#hotPath.getStateMachine(stateMachineArn);
      return row === undefined ? undefined : fromStateMachineRow(row);
    });
  }

  listStateMachines(page: PageRequest): Promise<Page<StateMachineRecord>> {
    return this.#query(async (db) => {
      let select = db.selectFrom('state_machines').selectAll();
      if (page.cursor !== undefined) {
        const [creationDate = '', arn = ''] = decodeKeysetCursor(page.cursor, 2);
        select = select.where((eb) =>
          eb(eb.refTuple('creation_date', 'state_machine_arn'), '>', eb.tuple(creationDate, arn)),
        );
      }
      const rows = await select
        .orderBy('creation_date', 'asc')
        .orderBy('state_machine_arn', 'asc')
        .limit(page.limit + 1)
        .execute();
      return toPage(rows, page.limit, fromStateMachineRow, (row) => [row.creation_date, row.state_machine_arn]);
    });
  }

  deleteStateMachine(stateMachineArn: string): Promise<void> {
    return this.#writeCompiled(
      this.#db.deleteFrom('state_machines').where('state_machine_arn', '=', stateMachineArn).compile(),
      ...this.#versionRecords.deletesOf(stateMachineArn),
    );
  }

  createStateMachineVersion(record: StateMachineVersionRecord): Promise<void> {
    return this.#versionRecords.createVersion(record);
  }

  getStateMachineVersion(stateMachineVersionArn: string): Promise<StateMachineVersionRecord | undefined> {
    return this.#versionRecords.getVersion(stateMachineVersionArn);
  }

  listStateMachineVersions(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineVersionRecord>> {
    return this.#versionRecords.listVersions(stateMachineArn, page);
  }

  deleteStateMachineVersion(stateMachineVersionArn: string): Promise<void> {
    return this.#versionRecords.deleteVersion(stateMachineVersionArn);
  }

  putStateMachineAlias(record: StateMachineAliasRecord): Promise<void> {
    return this.#versionRecords.putAlias(record);
  }

  getStateMachineAlias(stateMachineAliasArn: string): Promise<StateMachineAliasRecord | undefined> {
    return this.#versionRecords.getAlias(stateMachineAliasArn);
  }

  listStateMachineAliases(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineAliasRecord>> {
    return this.#versionRecords.listAliases(stateMachineArn, page);
  }

  deleteStateMachineAlias(stateMachineAliasArn: string): Promise<void> {
    return this.#versionRecords.deleteAlias(stateMachineAliasArn);
  }

  putStateMachineRevision(revision: StateMachineRevision): Promise<void> {
    const { state_machine_arn: _arn, revision_id: _id, ...columns } = toRevisionRow(revision);
    return this.#writeCompiled(
      this.#db
        .insertInto('state_machine_revisions')
        .values(toRevisionRow(revision))
        .onConflict((conflict) => conflict.columns(['state_machine_arn', 'revision_id']).doUpdateSet(columns))
        .compile(),
    );
  }

  getStateMachineRevision(stateMachineArn: string, revisionId: string): Promise<StateMachineRevision | undefined> {
    return this.#read(() => {
      const row = this.#hotPath.getStateMachineRevision(stateMachineArn, revisionId);
      return row === undefined ? undefined : fromRevisionRow(row);
    });
  }

  putActivity(record: ActivityRecord): Promise<void> {
    const { activity_arn: _key, ...columns } = toActivityRow(record);
    return this.#writeCompiled(
      this.#db
        .insertInto('activities')
        .values(toActivityRow(record))
        .onConflict((conflict) => conflict.column('activity_arn').doUpdateSet(columns))
        .compile(),
    );
  }

  getActivity(activityArn: string): Promise<ActivityRecord | undefined> {
    return this.#query(async (db) => {
      const row = await db
        .selectFrom('activities')
        .selectAll()
        .where('activity_arn', '=', activityArn)
        .executeTakeFirst();
      return row === undefined ? undefined : fromActivityRow(row);
    });
  }

  listActivities(page: PageRequest): Promise<Page<ActivityRecord>> {
    return this.#query(async (db) => {
      let select = db.selectFrom('activities').selectAll();
      if (page.cursor !== undefined) {
        const [creationDate = '', arn = ''] = decodeKeysetCursor(page.cursor, 2);
        select = select.where((eb) =>
          eb(eb.refTuple('creation_date', 'activity_arn'), '>', eb.tuple(creationDate, arn)),
        );
      }
      const rows = await select
        .orderBy('creation_date', 'asc')
        .orderBy('activity_arn', 'asc')
        .limit(page.limit + 1)
        .execute();
      return toPage(rows, page.limit, fromActivityRow, (row) => [row.creation_date, row.activity_arn]);
    });
  }

  deleteActivity(activityArn: string): Promise<void> {
    return this.#writeCompiled(this.#db.deleteFrom('activities').where('activity_arn', '=', activityArn).compile());
  }

  /**
   * Waits for the calls in flight — the queued writes among them commit first — then closes the
   * database (checkpointing the WAL into the file). Later calls reject with `StoreClosed`. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Settling #ready first: the migration must not be cut off by closing the handle under it.
    const [opened] = await Promise.allSettled([this.#ready]);
    // The queued writes commit now rather than a turn later; the other calls in flight finish.
    if (opened.status === 'fulfilled') this.#groupCommit.flushAll();
    await Promise.allSettled([...this.#inFlight]);
    await this.#db.destroy();
  }

  /**
   * A read on the prepared statements. Once the schema is ready it runs at once: it is synchronous,
   * so it needs neither the wait for #ready nor a place among the calls `close()` waits for (the
   * promise machinery of #track was most of what a point lookup cost).
   */
  #read<T>(operation: () => T): Promise<T> {
    if (this.#closed || !this.#isReady) return this.#track(async () => operation());
    try {
      return Promise.resolve(operation());
    } catch (error) {
      return Promise.reject(toPortError(error, this.#filename));
    }
  }

  /** A read through Kysely (the list and paging queries). */
  #query<T>(operation: (db: Kysely<StoreTables>) => Promise<T>): Promise<T> {
    return this.#track(() => operation(this.#db));
  }

  /** Queues a write for the next group commit; `run` executes synchronously inside the group's transaction. */
  #write(run: () => void): Promise<void> {
    return this.#track(() => this.#groupCommit.enqueue(run));
  }

  /** Writes that Kysely built: compiled now, run together (prepared once per SQL text) in the next group commit. */
  #writeCompiled(...queries: readonly CompiledQuery[]): Promise<void> {
    return this.#write(() => this.#runCompiled(queries));
  }

  #runCompiled(queries: readonly CompiledQuery[]): void {
    for (const query of queries) this.#statements.prepare(query.sql).run(query.parameters);
  }

  #track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosed());
    const run = (async () => {
      await this.#ready;
      try {
        return await operation();
      } catch (error) {
        throw toPortError(error, this.#filename);
      }
    })();
    this.#inFlight.add(run);
    const forget = (): void => {
      this.#inFlight.delete(run);
    };
    run.then(forget, forget);
    return run;
  }
}
