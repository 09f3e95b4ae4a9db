import {
  AppendConflict, chainHashes, decodeKeysetCursor, encodeKeysetCursor, ExecutionAlreadyStored, GENESIS_HASH, StoreClosed,
  type ActivityRecord, type AllExecutionsQuery, type EventRange, type ExecutionQuery, type ExecutionSummary, type HistoryEvent,
  type Page, type PageRequest, type StateMachineRecord, type StateMachineRevision, type Store, type StoredEvent,
} from '@statefold/core';
import { Kysely, type Transaction } from 'kysely';
import { isKeyViolation, toPortError } from './driver-errors.js';
import { migrateToLatest } from './migrations/index.js';
import { openDatabase } from './open-database.js';
import {
  eventColumns, fromActivityRow, fromEventRow, fromExecutionRow, fromRevisionRow, fromStateMachineRow, toActivityRow, toEventRow,
  toExecutionRow, toRevisionRow, toStateMachineRow, type EventsTable, type StoreTables,
} from './rows.js';
import { StoreSqliteDialect } from './sqlite-dialect.js';
import type { SqliteStoreConfig } from './sqlite-store-config.js';

// SQLite allows 32766 bound parameters per statement; 500 seven-column event rows stay far below.
const eventsPerInsert = 500;

/**
 * A `Store` in one SQLite file (or in memory) through Kysely and better-sqlite3: the embedded
 * default. Every write is one immediate transaction, so an acknowledged `append` is on disk
 * (with `synchronous: 'FULL'`) and a crash leaves only whole appends. Several processes may
 * share a file: writers queue on SQLite's lock for up to the busy timeout.
 *
 * Construction opens the file synchronously (throwing `StoreFileUnreadable` for a file that is
 * not an SQLite database) and migrates the schema in the background; `opened()` and every
 * method wait for that, and reject with `StoreSchemaTooNew` for a file a newer statefold wrote.
 */
export class SqliteStore implements Store {
  readonly #db: Kysely<StoreTables>;
  readonly #filename: string;
  readonly #ready: Promise<void>;
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed = false;

  constructor(config: SqliteStoreConfig) {
    const { handle, filename } = openDatabase(config);
    this.#filename = filename;
    const db = new Kysely<unknown>({ dialect: new StoreSqliteDialect(handle) });
    this.#db = db.withTables<StoreTables>();
    this.#ready = migrateToLatest(db, filename).catch((error: unknown) => {
      throw toPortError(error, filename);
    });
    // Not swallowed: every call (and `opened()`) awaits #ready and rethrows its error. This only
    // keeps Node from reporting a rejection nobody has awaited yet.
    this.#ready.catch(() => undefined);
  }

  /** Resolves once the file is open and its schema current; rejects with the reason it cannot be used. */
  opened(): Promise<void> {
    return this.#ready;
  }

  createExecution(summary: ExecutionSummary, firstEvents: readonly HistoryEvent[]): Promise<void> {
    return this.#write(async (tx) => {
      try {
        await tx.insertInto('executions').values(toExecutionRow(summary)).execute();
      } catch (error) {
        if (isKeyViolation(error)) throw new ExecutionAlreadyStored(summary.executionArn);
        throw error;
      }
      await insertEvents(tx, summary.executionArn, firstEvents, GENESIS_HASH);
    });
  }

  append(
    executionArn: string,
    expectedLastEventId: number,
    events: readonly HistoryEvent[],
    summary: ExecutionSummary,
  ): Promise<void> {
    return this.#write(async (tx) => {
      // One lookup: the stored last event id, the hash the new events chain from, and the indexed
      // columns (so that the update below rewrites only the index entries that really change).
      const stored = await tx
        .selectFrom('executions')
        .leftJoin('events', (join) =>
          join.onRef('events.execution_arn', '=', 'executions.execution_arn').onRef('events.id', '=', 'executions.last_event_id'),
        )
        .select([
          'executions.last_event_id', 'executions.state_machine_arn', 'executions.status', 'executions.start_date', 'events.hash',
        ])
        .where('executions.execution_arn', '=', executionArn)
        .executeTakeFirst();
      const actualLastEventId = stored?.last_event_id;
      if (stored === undefined || actualLastEventId !== expectedLastEventId) {
        throw new AppendConflict(executionArn, expectedLastEventId, actualLastEventId);
      }
      try {
        await insertEvents(tx, executionArn, events, stored.hash ?? GENESIS_HASH);
      } catch (error) {
        // Ids that overlap stored events: the history moved on in a way the summary did not show.
        if (isKeyViolation(error)) throw new AppendConflict(executionArn, expectedLastEventId, actualLastEventId);
        throw error;
      }
      const { execution_arn: _key, state_machine_arn, status, start_date, ...unindexed } = toExecutionRow(summary);
      const columns = {
        ...unindexed,
        ...(state_machine_arn === stored.state_machine_arn ? {} : { state_machine_arn }),
        ...(status === stored.status ? {} : { status }),
        ...(start_date === stored.start_date ? {} : { start_date }),
      };
      await tx.updateTable('executions').set(columns).where('execution_arn', '=', executionArn).execute();
    });
  }

  readEvents(executionArn: string, range: EventRange = {}): Promise<readonly HistoryEvent[]> {
    return this.#read(async (db) => (await selectEventRows(db, executionArn, range, false)).map(fromEventRow));
  }

  /** Events with their audit hashes, ranged as `readEvents` ranges them. */
  readStoredEvents(executionArn: string, range: EventRange = {}): Promise<readonly StoredEvent[]> {
    return this.#read(async (db) =>
      (await selectEventRows(db, executionArn, range, true)).map((row) => ({
        event: fromEventRow(row),
        ...(row.hash === null ? {} : { hash: row.hash }),
      })),
    );
  }

  /** Executions of every state machine, newest start first (ties by ARN, descending). */
  listAllExecutions(query: AllExecutionsQuery): Promise<Page<ExecutionSummary>> {
    return this.#read(async (db) => {
      let select = db.selectFrom('executions').selectAll();
      if (query.status !== undefined) select = select.where('status', '=', query.status);
      if (query.cursor !== undefined) {
        const [startDate = '', executionArn = ''] = decodeKeysetCursor(query.cursor, 2);
        select = select.where((eb) => eb(eb.refTuple('start_date', 'execution_arn'), '<', eb.tuple(startDate, executionArn)));
      }
      const rows = await select.orderBy('start_date', 'desc').orderBy('execution_arn', 'desc').limit(query.limit + 1).execute();
      return toPage(rows, query.limit, fromExecutionRow, (row) => [row.start_date, row.execution_arn]);
    });
  }

  getExecution(executionArn: string): Promise<ExecutionSummary | undefined> {
    return this.#read(async (db) => {
      const row = await db.selectFrom('executions').selectAll().where('execution_arn', '=', executionArn).executeTakeFirst();
      return row === undefined ? undefined : fromExecutionRow(row);
    });
  }

  listExecutions(query: ExecutionQuery): Promise<Page<ExecutionSummary>> {
    return this.#read(async (db) => {
      let select = db.selectFrom('executions').selectAll().where('state_machine_arn', '=', query.stateMachineArn);
      if (query.status !== undefined) select = select.where('status', '=', query.status);
      if (query.cursor !== undefined) {
        const [startDate = '', executionArn = ''] = decodeKeysetCursor(query.cursor, 2);
        select = select.where((eb) => eb(eb.refTuple('start_date', 'execution_arn'), '<', eb.tuple(startDate, executionArn)));
      }
      const rows = await select.orderBy('start_date', 'desc').orderBy('execution_arn', 'desc').limit(query.limit + 1).execute();
      return toPage(rows, query.limit, fromExecutionRow, (row) => [row.start_date, row.execution_arn]);
    });
  }

  listOpenExecutions(page: PageRequest): Promise<Page<ExecutionSummary>> {
    return this.#read(async (db) => {
      let select = db.selectFrom('executions').selectAll().where('status', '=', 'RUNNING');
      if (page.cursor !== undefined) {
        const [startDate = '', executionArn = ''] = decodeKeysetCursor(page.cursor, 2);
        select = select.where((eb) => eb(eb.refTuple('start_date', 'execution_arn'), '>', eb.tuple(startDate, executionArn)));
      }
      const rows = await select.orderBy('start_date', 'asc').orderBy('execution_arn', 'asc').limit(page.limit + 1).execute();
      return toPage(rows, page.limit, fromExecutionRow, (row) => [row.start_date, row.execution_arn]);
    });
  }

  putStateMachine(record: StateMachineRecord): Promise<void> {
    return this.#write(async (tx) => {
      const { state_machine_arn: _key, ...columns } = toStateMachineRow(record);
      await tx
        .insertInto('state_machines')
        .values(toStateMachineRow(record))
        .onConflict((conflict) => conflict.column('state_machine_arn').doUpdateSet(columns))
        .execute();
    });
  }

  getStateMachine(stateMachineArn: string): Promise<StateMachineRecord | undefined> {
    return this.#read(async (db) => {
      const row = await db.selectFrom('state_machines').selectAll().where('state_machine_arn', '=', stateMachineArn).executeTakeFirst();
      return row === undefined ? undefined : fromStateMachineRow(row);
    });
  }

  listStateMachines(page: PageRequest): Promise<Page<StateMachineRecord>> {
    return this.#read(async (db) => {
      let select = db.selectFrom('state_machines').selectAll();
      if (page.cursor !== undefined) {
        const [creationDate = '', arn = ''] = decodeKeysetCursor(page.cursor, 2);
        select = select.where((eb) => eb(eb.refTuple('creation_date', 'state_machine_arn'), '>', eb.tuple(creationDate, arn)));
      }
      const rows = await select.orderBy('creation_date', 'asc').orderBy('state_machine_arn', 'asc').limit(page.limit + 1).execute();
      return toPage(rows, page.limit, fromStateMachineRow, (row) => [row.creation_date, row.state_machine_arn]);
    });
  }

  deleteStateMachine(stateMachineArn: string): Promise<void> {
    return this.#write(async (tx) => {
      await tx.deleteFrom('state_machines').where('state_machine_arn', '=', stateMachineArn).execute();
    });
  }

  putStateMachineRevision(revision: StateMachineRevision): Promise<void> {
    return this.#write(async (tx) => {
      const { state_machine_arn: _arn, revision_id: _id, ...columns } = toRevisionRow(revision);
      await tx
        .insertInto('state_machine_revisions')
        .values(toRevisionRow(revision))
        .onConflict((conflict) => conflict.columns(['state_machine_arn', 'revision_id']).doUpdateSet(columns))
        .execute();
    });
  }

  getStateMachineRevision(stateMachineArn: string, revisionId: string): Promise<StateMachineRevision | undefined> {
    return this.#read(async (db) => {
      const row = await db
        .selectFrom('state_machine_revisions')
        .selectAll()
        .where('state_machine_arn', '=', stateMachineArn)
        .where('revision_id', '=', revisionId)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRevisionRow(row);
    });
  }

  putActivity(record: ActivityRecord): Promise<void> {
    return this.#write(async (tx) => {
      const { activity_arn: _key, ...columns } = toActivityRow(record);
      await tx
        .insertInto('activities')
        .values(toActivityRow(record))
        .onConflict((conflict) => conflict.column('activity_arn').doUpdateSet(columns))
        .execute();
    });
  }

  getActivity(activityArn: string): Promise<ActivityRecord | undefined> {
    return this.#read(async (db) => {
      const row = await db.selectFrom('activities').selectAll().where('activity_arn', '=', activityArn).executeTakeFirst();
      return row === undefined ? undefined : fromActivityRow(row);
    });
  }

  listActivities(page: PageRequest): Promise<Page<ActivityRecord>> {
    return this.#read(async (db) => {
      let select = db.selectFrom('activities').selectAll();
      if (page.cursor !== undefined) {
        const [creationDate = '', arn = ''] = decodeKeysetCursor(page.cursor, 2);
        select = select.where((eb) => eb(eb.refTuple('creation_date', 'activity_arn'), '>', eb.tuple(creationDate, arn)));
      }
      const rows = await select.orderBy('creation_date', 'asc').orderBy('activity_arn', 'asc').limit(page.limit + 1).execute();
      return toPage(rows, page.limit, fromActivityRow, (row) => [row.creation_date, row.activity_arn]);
    });
  }

  deleteActivity(activityArn: string): Promise<void> {
    return this.#write(async (tx) => {
      await tx.deleteFrom('activities').where('activity_arn', '=', activityArn).execute();
    });
  }

  /**
   * Waits for the calls in flight, then closes the database (checkpointing the WAL into the
   * file). Later calls reject with `StoreClosed`. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Settling #ready too: the migration must not be cut off by closing the handle under it.
    await Promise.allSettled([this.#ready, ...this.#inFlight]);
    await this.#db.destroy();
  }

  #read<T>(operation: (db: Kysely<StoreTables>) => Promise<T>): Promise<T> {
    return this.#track(operation);
  }

  #write(operation: (tx: Transaction<StoreTables>) => Promise<void>): Promise<void> {
    return this.#track((db) => db.transaction().execute(operation));
  }

  #track<T>(operation: (db: Kysely<StoreTables>) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosed());
    const run = (async () => {
      await this.#ready;
      try {
        return await operation(this.#db);
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

/** Inserts events with their audit hashes, chained from `previousHash` (the hash of the event before the first). */
async function insertEvents(
  tx: Transaction<StoreTables>,
  executionArn: string,
  events: readonly HistoryEvent[],
  previousHash: string,
): Promise<void> {
  const hashes = chainHashes(executionArn, events, previousHash);
  for (let start = 0; start < events.length; start += eventsPerInsert) {
    const rows = events
      .slice(start, start + eventsPerInsert)
      .map((event, offset) => ({ ...toEventRow(executionArn, event), hash: hashes[start + offset] ?? null }));
    await tx.insertInto('events').values(rows).execute();
  }
}

/** The rows of an event range, with only the columns `fromEventRow` reads (and the hash if asked). */
function selectEventRows<WithHash extends boolean>(
  db: Kysely<StoreTables>,
  executionArn: string,
  range: EventRange,
  withHash: WithHash,
): Promise<(Pick<EventsTable, (typeof eventColumns)[number]> & (WithHash extends true ? Pick<EventsTable, 'hash'> : unknown))[]> {
  const reverse = range.reverse === true;
  let query = db
    .selectFrom('events')
    .select(withHash ? [...eventColumns, 'hash'] : eventColumns)
    .where('execution_arn', '=', executionArn);
  if (range.after !== undefined) query = query.where('id', reverse ? '<' : '>', range.after);
  query = query.orderBy('id', reverse ? 'desc' : 'asc');
  if (range.limit !== undefined) query = query.limit(range.limit);
  return query.execute();
}

/** Rows were fetched with `limit + 1`: the extra one only says that another page follows. */
function toPage<Row, T>(rows: readonly Row[], limit: number, toItem: (row: Row) => T, keyOf: (row: Row) => readonly string[]): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const items = pageRows.map(toItem);
  return rows.length > limit && last !== undefined ? { items, cursor: encodeKeysetCursor(keyOf(last)) } : { items };
}
