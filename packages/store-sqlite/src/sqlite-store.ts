import {
  RecordAlreadyStored,
  StoreClosed,
  type ActivityRecord,
  type AllExecutionsQuery,
  type EventRange,
  type ExecutionQuery,
  type ExecutionSummary,
  type MapRunRecord,
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
import {
  eventColumns,
  fromEventValues,
  fromExecutionRow,
  fromRevisionRow,
  fromStateMachineRow,
  StoreQueries,
  MapRunQueries,
  VersionQueries,
  type StoreTables,
} from '@statefold/store-sql';
import { Kysely, type CompiledQuery } from 'kysely';
import { toPortError } from './driver-errors.js';
import { HotPathStatements } from './hot-path-statements.js';
import { createGroupTransaction, GroupCommit } from './group-commit.js';
import { migrateToLatest } from './migrations/index.js';
import { openDatabase } from './open-database.js';
import { StoreSqliteDialect } from './sqlite-dialect.js';
import type { SqliteStoreConfig } from './sqlite-store-config.js';
import { StatementCache } from './statement-cache.js';

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
  readonly #queries: StoreQueries;
  readonly #statements: StatementCache;
  readonly #hotPath: HotPathStatements;
  readonly #groupCommit: GroupCommit;
  readonly #versions: VersionQueries;
  readonly #mapRuns: MapRunQueries;
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
    this.#queries = new StoreQueries(this.#db);
    this.#hotPath = new HotPathStatements(handle);
    this.#groupCommit = new GroupCommit(createGroupTransaction(handle));
    this.#versions = new VersionQueries(this.#db);
    this.#mapRuns = new MapRunQueries(this.#db);
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
    return this.#query((queries) => queries.listNewestFirst(query));
  }

  getExecution(executionArn: string): Promise<ExecutionSummary | undefined> {
    return this.#read(() => {
      const row = this.#hotPath.getExecution(executionArn);
      return row === undefined ? undefined : fromExecutionRow(row);
    });
  }

  listExecutions(query: ExecutionQuery): Promise<Page<ExecutionSummary>> {
    return this.#query((queries) => queries.listNewestFirst(query, query));
  }

  listOpenExecutions(page: PageRequest): Promise<Page<ExecutionSummary>> {
    return this.#query((queries) => queries.listOpenExecutions(page));
  }

  putStateMachine(record: StateMachineRecord): Promise<void> {
    return this.#writeCompiled(this.#queries.putStateMachine(record));
  }

  getStateMachine(stateMachineArn: string): Promise<StateMachineRecord | undefined> {
    return this.#read(() => {
      const row = this.#hotPath.getStateMachine(stateMachineArn);
      return row === undefined ? undefined : fromStateMachineRow(row);
    });
  }

  listStateMachines(page: PageRequest): Promise<Page<StateMachineRecord>> {
    return this.#query((queries) => queries.listStateMachines(page));
  }

  deleteStateMachine(stateMachineArn: string): Promise<void> {
    return this.#writeCompiled(
      this.#queries.deleteStateMachine(stateMachineArn),
      ...this.#versions.deletesOf(stateMachineArn),
    );
  }

  createStateMachineVersion(record: StateMachineVersionRecord): Promise<void> {
    const insert = this.#versions.createVersion(record);
    return this.#write(() => {
      const { changes } = this.#statements.prepare(insert.sql).run(insert.parameters);
      if (changes === 0) throw new RecordAlreadyStored(record.stateMachineVersionArn);
    });
  }

  putMapRun(record: MapRunRecord): Promise<void> {
    return this.#writeCompiled(this.#mapRuns.putMapRun(record));
  }

  getMapRun(mapRunArn: string): Promise<MapRunRecord | undefined> {
    return this.#track(() => this.#mapRuns.getMapRun(mapRunArn));
  }

  listMapRuns(executionArn: string, page: PageRequest): Promise<Page<MapRunRecord>> {
    return this.#track(() => this.#mapRuns.listMapRuns(executionArn, page));
  }

  getStateMachineVersion(stateMachineVersionArn: string): Promise<StateMachineVersionRecord | undefined> {
    return this.#track(() => this.#versions.getVersion(stateMachineVersionArn));
  }

  listStateMachineVersions(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineVersionRecord>> {
    return this.#track(() => this.#versions.listVersions(stateMachineArn, page));
  }

  deleteStateMachineVersion(stateMachineVersionArn: string): Promise<void> {
    return this.#writeCompiled(this.#versions.deleteVersion(stateMachineVersionArn));
  }

  putStateMachineAlias(record: StateMachineAliasRecord): Promise<void> {
    return this.#writeCompiled(this.#versions.putAlias(record));
  }

  getStateMachineAlias(stateMachineAliasArn: string): Promise<StateMachineAliasRecord | undefined> {
    return this.#track(() => this.#versions.getAlias(stateMachineAliasArn));
  }

  listStateMachineAliases(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineAliasRecord>> {
    return this.#track(() => this.#versions.listAliases(stateMachineArn, page));
  }

  deleteStateMachineAlias(stateMachineAliasArn: string): Promise<void> {
    return this.#writeCompiled(this.#versions.deleteAlias(stateMachineAliasArn));
  }

  putStateMachineRevision(revision: StateMachineRevision): Promise<void> {
    return this.#writeCompiled(this.#queries.putStateMachineRevision(revision));
  }

  getStateMachineRevision(stateMachineArn: string, revisionId: string): Promise<StateMachineRevision | undefined> {
    return this.#read(() => {
      const row = this.#hotPath.getStateMachineRevision(stateMachineArn, revisionId);
      return row === undefined ? undefined : fromRevisionRow(row);
    });
  }

  putActivity(record: ActivityRecord): Promise<void> {
    return this.#writeCompiled(this.#queries.putActivity(record));
  }

  getActivity(activityArn: string): Promise<ActivityRecord | undefined> {
    return this.#query((queries) => queries.getActivity(activityArn));
  }

  listActivities(page: PageRequest): Promise<Page<ActivityRecord>> {
    return this.#query((queries) => queries.listActivities(page));
  }

  deleteActivity(activityArn: string): Promise<void> {
    return this.#writeCompiled(this.#queries.deleteActivity(activityArn));
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
  #query<T>(operation: (queries: StoreQueries) => Promise<T>): Promise<T> {
    return this.#track(() => operation(this.#queries));
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
