import {
  AppendConflict,
  LeaseLost,
  RecordAlreadyStored,
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
  type MapRunRecord,
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
  migrateToLatest,
  StoreQueries,
  MapRunQueries,
  VersionQueries,
  type ExecutionsTable,
  type StateMachineRevisionsTable,
  type StateMachinesTable,
  type StoreTables,
} from '@statefold/store-sql';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { describeConnection, toPortError } from './driver-errors.js';
import { PgGroupCommit, type PgWrite } from './group-commit.js';
import { HotPath, quoteIdentifier, type AppendPoint } from './hot-path.js';
import { postgresMigrations } from './migrations/index.js';
import { PostgresCoordination } from './coordination.js';
import {
  defaultLeaseMs,
  defaultNodeId,
  defaultSchema,
  splitSchema,
  type PostgresStoreOptions,
} from './postgres-store-config.js';

/** Append points remembered (executions being appended to); the oldest are forgotten past this. */
const MAX_APPEND_POINTS = 10_000;

/**
 * A `Store` in a PostgreSQL database (one schema of it) through Kysely and node-postgres: the
 * store several statefold processes can share. Every append is one statement that checks the
 * expected last event id on the summary row and inserts the events only when it matched, so two
 * writers of one execution can never both append after the same event. Writes that arrive
 * together (appends of different executions) share one transaction (see `PgGroupCommit`) and
 * resolve once it committed.
 *
 * Construction creates the pool (when given a connection string) and migrates the schema in the
 * background; `opened()` and every method wait for that, and reject with `StoreFailure` for a
 * server that cannot be reached or refuses the credentials, or `StoreSchemaTooNew` for a schema a
 * newer statefold wrote.
 */
export class PostgresStore implements Store {
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #db: Kysely<StoreTables>;
  readonly #queries: StoreQueries;
  readonly #versions: VersionQueries;
  readonly #mapRuns: MapRunQueries;
  readonly #hotPath: HotPath;
  readonly #groupCommit: PgGroupCommit;
  readonly #location: string;
  readonly #ready: Promise<void>;
  readonly #inFlight = new Set<Promise<unknown>>();
  /** The last event id and hash of executions this store appended to or read the append point of. */
  readonly #appendPoints = new Map<string, AppendPoint>();
  #closed = false;
  /** Present when the store is configured as a node: the leases and messages it shares with the others. */
  readonly coordination: PostgresCoordination | undefined;
  readonly #lease: { readonly owner: string; readonly leaseMs: number } | undefined;

  constructor(options: PostgresStoreOptions) {
    const target = 'pool' in options ? undefined : splitSchema(options.connectionString);
    const schema = options.schema ?? target?.schema ?? defaultSchema;
    if ('pool' in options) {
      this.#pool = options.pool;
      this.#ownsPool = false;
      this.#location = describeConnection(undefined, schema);
    } else {
      const connectionString = target?.connectionString ?? options.connectionString;
      this.#pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
      this.#ownsPool = true;
      this.#location = describeConnection(connectionString, schema);
    }
    // An idle connection the server dropped must not crash the process: the next query reconnects.
    this.#pool.on('error', () => undefined);
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: this.#pool }) });
    this.#db = db.withSchema(schema).withTables<StoreTables>();
    this.#queries = new StoreQueries(this.#db);
    this.#versions = new VersionQueries(this.#db);
    this.#mapRuns = new MapRunQueries(this.#db);
    this.#hotPath = new HotPath(schema);
    this.#groupCommit = new PgGroupCommit(this.#pool, options.maxGroupSize);
    if (options.node === undefined) {
      this.coordination = undefined;
      this.#lease = undefined;
    } else {
      const node = { owner: options.node.id ?? defaultNodeId(), leaseMs: options.node.leaseMs ?? defaultLeaseMs };
      this.#lease = node;
      this.coordination = new PostgresCoordination({
        pool: this.#pool,
        connection: (this.#pool as unknown as { readonly options: pg.ClientConfig }).options,
        schema,
        nodeId: node.owner,
        leaseMs: node.leaseMs,
        appendAsOwner: (executionArn, expectedLastEventId, events, summary) =>
          this.#append(executionArn, expectedLastEventId, events, summary, node.owner),
        onError: options.node.onError ?? (() => undefined),
      });
    }
    this.#ready = migrate(this.#pool, db, schema, this.#location).catch((error: unknown) => {
      throw toPortError(error, this.#location);
    });
    // Not swallowed: every call (and `opened()`) awaits #ready and rethrows its error.
    this.#ready.catch(() => undefined);
  }

  /** Resolves once the schema is current; rejects with the reason the database cannot be used. */
  opened(): Promise<void> {
    return this.#ready;
  }

  /** Where the store is, for messages: the connection without its password, and the schema. */
  get location(): string {
    return this.#location;
  }

  createExecution(summary: ExecutionSummary, firstEvents: readonly RecordedEvent[]): Promise<void> {
    return this.#write(this.#hotPath.createExecution(summary, firstEvents, this.#lease), summary);
  }

  append(
    executionArn: string,
    expectedLastEventId: number,
    events: readonly RecordedEvent[],
    summary: ExecutionSummary,
  ): Promise<void> {
    return this.#append(executionArn, expectedLastEventId, events, summary);
  }

  /** An append; as `owner`, only while that node holds the execution's lease (`LeaseLost` otherwise). */
  #append(
    executionArn: string,
    expectedLastEventId: number,
    events: readonly RecordedEvent[],
    summary: ExecutionSummary,
    owner?: string,
  ): Promise<void> {
    return this.#track(async () => {
      let from = this.#appendPoints.get(executionArn);
      if (from?.lastEventId !== expectedLastEventId) {
        from = await this.#hotPath.appendPoint(this.#pool, executionArn);
        if (from?.lastEventId !== expectedLastEventId) {
          throw new AppendConflict(executionArn, expectedLastEventId, from?.lastEventId);
        }
      }
      try {
        await this.#commit(this.#hotPath.append(executionArn, from, events, summary, owner), summary);
      } catch (error) {
        this.#appendPoints.delete(executionArn);
        if (error instanceof AppendConflict) {
          const stored = await this.#hotPath.appendPoint(this.#pool, executionArn);
          if (owner !== undefined && stored !== undefined && (stored.owner !== owner || !stored.leased)) {
            throw new LeaseLost(executionArn);
          }
          throw new AppendConflict(executionArn, expectedLastEventId, stored?.lastEventId);
        }
        throw error;
      }
    });
  }

  readEvents(executionArn: string, range: EventRange = {}): Promise<readonly RecordedEvent[]> {
    return this.#track(async () =>
      (await this.#hotPath.readEvents(this.#pool, executionArn, range, false)).map(fromEventValues),
    );
  }

  /** Events with their audit hashes, ranged as `readEvents` ranges them. */
  readStoredEvents(executionArn: string, range: EventRange = {}): Promise<readonly StoredEvent[]> {
    return this.#track(async () =>
      (await this.#hotPath.readEvents(this.#pool, executionArn, range, true)).map((values) => {
        const hash = values[eventColumns.length];
        const { event, facts } = fromEventValues(values);
        return typeof hash === 'string' ? { event, facts, hash } : { event, facts };
      }),
    );
  }

  getExecution(executionArn: string): Promise<ExecutionSummary | undefined> {
    return this.#track(async () => {
      const row = await this.#hotPath.one<ExecutionsTable>(this.#pool, 'execution', [executionArn]);
      return row === undefined ? undefined : fromExecutionRow(row);
    });
  }

  listExecutions(query: ExecutionQuery): Promise<Page<ExecutionSummary>> {
    return this.#track(() => this.#queries.listNewestFirst(query, query));
  }

  /** Executions of every state machine, newest start first (ties by ARN, descending). */
  listAllExecutions(query: AllExecutionsQuery): Promise<Page<ExecutionSummary>> {
    return this.#track(() => this.#queries.listNewestFirst(query));
  }

  listOpenExecutions(page: PageRequest): Promise<Page<ExecutionSummary>> {
    return this.#track(() => this.#queries.listOpenExecutions(page));
  }

  putStateMachine(record: StateMachineRecord): Promise<void> {
    return this.#writeCompiled(this.#queries.putStateMachine(record));
  }

  getStateMachine(stateMachineArn: string): Promise<StateMachineRecord | undefined> {
    return this.#track(async () => {
      const row = await this.#hotPath.one<StateMachinesTable>(this.#pool, 'stateMachine', [stateMachineArn]);
      return row === undefined ? undefined : fromStateMachineRow(row);
    });
  }

  listStateMachines(page: PageRequest): Promise<Page<StateMachineRecord>> {
    return this.#track(() => this.#queries.listStateMachines(page));
  }

  /** The state machine with its versions and aliases, in one statement (data-modifying CTEs): all or nothing. */
  deleteStateMachine(stateMachineArn: string): Promise<void> {
    return this.#writeCompiled(
      this.#db
        .with('versions', (db) =>
          db
            .deleteFrom('state_machine_versions')
            .where('state_machine_arn', '=', stateMachineArn)
            .returning('state_machine_version_arn'),
        )
        .with('aliases', (db) =>
          db
            .deleteFrom('state_machine_aliases')
            .where('state_machine_arn', '=', stateMachineArn)
            .returning('state_machine_alias_arn'),
        )
        .deleteFrom('state_machines')
        .where('state_machine_arn', '=', stateMachineArn)
        .compile(),
    );
  }

  createStateMachineVersion(record: StateMachineVersionRecord): Promise<void> {
    return this.#writeCompiled(this.#versions.createVersion(record), (result) => {
      if ((result.rowCount ?? 0) === 0) throw new RecordAlreadyStored(record.stateMachineVersionArn);
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
    return this.#track(async () => {
      const row = await this.#hotPath.one<StateMachineRevisionsTable>(this.#pool, 'revision', [
        stateMachineArn,
        revisionId,
      ]);
      return row === undefined ? undefined : fromRevisionRow(row);
    });
  }

  putActivity(record: ActivityRecord): Promise<void> {
    return this.#writeCompiled(this.#queries.putActivity(record));
  }

  getActivity(activityArn: string): Promise<ActivityRecord | undefined> {
    return this.#track(() => this.#queries.getActivity(activityArn));
  }

  listActivities(page: PageRequest): Promise<Page<ActivityRecord>> {
    return this.#track(() => this.#queries.listActivities(page));
  }

  deleteActivity(activityArn: string): Promise<void> {
    return this.#writeCompiled(this.#queries.deleteActivity(activityArn));
  }

  /** Waits for the calls in flight, then ends the pool (when the store created it). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([this.#ready, ...this.#inFlight]);
    await this.coordination?.close();
    if (this.#ownsPool) await this.#pool.end();
  }

  /** Runs a write in the next group commit and remembers where the execution's history now ends. */
  #write(write: PgWrite<AppendPoint>, summary: ExecutionSummary): Promise<void> {
    return this.#track(() => this.#commit(write, summary));
  }

  async #commit(write: PgWrite<AppendPoint>, summary: ExecutionSummary): Promise<void> {
    const point = await this.#groupCommit.enqueue(write);
    const executionArn = summary.executionArn;
    this.#appendPoints.delete(executionArn);
    if (summary.status !== 'RUNNING') return;
    this.#appendPoints.set(executionArn, point);
    if (this.#appendPoints.size > MAX_APPEND_POINTS) {
      const oldest = this.#appendPoints.keys().next();
      if (oldest.done !== true) this.#appendPoints.delete(oldest.value);
    }
  }

  /** A write Kysely built, in the next group commit; `interpret` may refuse its result with a port error. */
  #writeCompiled(query: CompiledQuery, interpret: (result: pg.QueryResult) => void = () => undefined): Promise<void> {
    return this.#track(async () => {
      await this.#groupCommit.enqueue({ query: { text: query.sql, values: [...query.parameters] }, interpret });
    });
  }

  #track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosed());
    const run = (async () => {
      await this.#ready;
      try {
        return await operation();
      } catch (error) {
        throw toPortError(error, this.#location);
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

/**
 * Creates the schema and migrates it, under an advisory lock held on a connection of its own, so
 * that nodes starting together on a new database migrate it once, one after the other.
 */
async function migrate(pool: pg.Pool, db: Kysely<unknown>, schema: string, location: string): Promise<void> {
  const lock = await pool.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [`statefold:migrate:${schema}`]);
    try {
      await lock.query(`create schema if not exists ${quoteIdentifier(schema)}`);
      await migrateToLatest(db, location, { migrations: postgresMigrations(schema), schema });
    } finally {
      await lock.query('select pg_advisory_unlock(hashtext($1))', [`statefold:migrate:${schema}`]);
    }
  } finally {
    lock.release();
  }
}
