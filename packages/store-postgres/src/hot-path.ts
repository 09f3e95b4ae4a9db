import {
  AppendConflict,
  chainHashes,
  ExecutionAlreadyStored,
  GENESIS_HASH,
  type EventRange,
  type ExecutionSummary,
  type RecordedEvent,
} from '@statefold/core';
import { eventColumns, toEventRow, toExecutionRow, type EventValues, type ExecutionsTable } from '@statefold/store-sql';
import type pg from 'pg';
import type { PgWrite } from './group-commit.js';

// The hot paths as hand-written statements, each prepared once per connection (named): an append
// is ONE statement — the optimistic check on the summary row and the insert of its events, through
// a data-modifying CTE — so it costs one round trip, and a conflict shows as zero rows rather than
// an error that would abort the transaction it shares with other writes.

/** Columns of the event insert as parallel arrays (`unnest`) from parameter `$first` on: one statement text for any number of events. */
const eventArrays = (first: number): string =>
  `unnest($${first}::integer[], $${first + 1}::integer[], $${first + 2}::text[], $${first + 3}::text[], $${first + 4}::text[], $${first + 5}::text[], $${first + 6}::text[])`;

/** `$first, $first+1, …` for `count` parameters. */
const parameters = (first: number, count: number): string =>
  Array.from({ length: count }, (_, index) => `$${first + index}`).join(', ');
const eventInsertColumns = 'execution_arn, id, previous_event_id, type, timestamp, details, facts, hash';

/**
 * The summary row's columns after its ARN: the insert writes them all, an append the first
 * `updatedColumnCount` (the version and alias an execution started through, and the Map Run it
 * belongs to, never change).
 */
const summaryColumnsAfterArn = [
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
const updatedColumnCount = summaryColumnsAfterArn.length - 3;

/** The point an append continues from: the stored last event id and its hash. */
export interface AppendPoint {
  readonly lastEventId: number;
  readonly hash: string;
}

/** The stored append point, and who holds the execution's lease. */
export interface StoredAppendPoint extends AppendPoint {
  readonly owner: string | null;
  /** True while the lease has not expired. */
  readonly leased: boolean;
}

/** The store's hot statements for one schema. */
export class HotPath {
  readonly #sql: {
    readonly create: string;
    readonly createWithoutEvents: string;
    readonly append: (asOwner: boolean) => string;
    readonly appendWithoutEvents: (asOwner: boolean) => string;
    readonly appendPoint: string;
    readonly execution: string;
    readonly stateMachine: string;
    readonly revision: string;
    readonly events: (reverse: boolean, withHash: boolean) => string;
  };
  readonly #prefix: string;

  constructor(schema: string) {
    const s = quoteIdentifier(schema);
    const summaryColumns = ['execution_arn', ...summaryColumnsAfterArn].join(', ');
    // The prepared statements' names carry the schema: two stores on one pool never share one.
    this.#prefix = `statefold:${schema}:`;
    // Parameters: $1 the execution's ARN; then (with events) the seven event arrays; then the rest.
    // The last two parameters: the node that starts the execution holds its lease for so many
    // milliseconds (both NULL on a store that is not a node: no lease).
    const insertExecution = (first: number) =>
      `insert into ${s}.executions (${summaryColumns}, owner, lease_expires_at) values ($1, ${parameters(first, summaryColumnsAfterArn.length + 1)}, now() + $${first + summaryColumnsAfterArn.length + 1}::integer * interval '1 millisecond') on conflict (execution_arn) do nothing returning execution_arn`;
    // Every column of the summary is replaced (the port says so) but the version and alias the
    // execution started through and its Map Run, which its insert wrote; an unchanged indexed
    // column leaves the update heap-only all the same.
    const updated = summaryColumnsAfterArn.slice(0, updatedColumnCount);
    // As the owner (the parameter after the summary's): only while this node's lease holds.
    // An execution that ends lets its lease go: should RedriveExecution make it RUNNING again (on
    // any node), no node holds it and the next claim takes it over and resumes it.
    const status = (first: number) => `$${first + updated.indexOf('status')}::text`;
    const update = (first: number, asOwner: boolean) =>
      `update ${s}.executions set ${updated.map((column, index) => `${column} = $${first + index}`).join(', ')}, lease_expires_at = case when ${status(first)} = 'RUNNING' then lease_expires_at end where execution_arn = $1 and last_event_id = $2${asOwner ? ` and owner = $${first + updated.length} and lease_expires_at > now()` : ''} returning execution_arn`;
    this.#sql = {
      create: `with created as (${insertExecution(9)}) insert into ${s}.events (${eventInsertColumns}) select $1, * from ${eventArrays(2)} where exists (select from created)`,
      createWithoutEvents: insertExecution(2),
      append: (asOwner) =>
        `with moved as (${update(10, asOwner)}) insert into ${s}.events (${eventInsertColumns}) select $1, * from ${eventArrays(3)} where exists (select from moved)`,
      appendWithoutEvents: (asOwner) => update(3, asOwner),
      appendPoint: `select x.last_event_id, e.hash, x.owner, x.lease_expires_at > now() as leased from ${s}.executions x left join ${s}.events e on e.execution_arn = x.execution_arn and e.id = x.last_event_id where x.execution_arn = $1`,
      execution: `select * from ${s}.executions where execution_arn = $1`,
      stateMachine: `select * from ${s}.state_machines where state_machine_arn = $1`,
      revision: `select * from ${s}.state_machine_revisions where state_machine_arn = $1 and revision_id = $2`,
      events: (reverse, withHash) =>
        `select ${[...eventColumns, ...(withHash ? ['hash'] : [])].join(', ')} from ${s}.events` +
        ` where execution_arn = $1 and id ${reverse ? '<' : '>'} $2 order by id ${reverse ? 'desc' : 'asc'} limit $3`,
    };
  }

  /** Inserts the summary row and the first events (leased to `lease`'s node, if given); `ExecutionAlreadyStored` for a stored ARN. */
  createExecution(
    summary: ExecutionSummary,
    firstEvents: readonly RecordedEvent[],
    lease: { readonly owner: string; readonly leaseMs: number } | undefined,
  ): PgWrite<AppendPoint> {
    const row = toExecutionRow(summary);
    const { values, hash } = eventValues(summary.executionArn, firstEvents, GENESIS_HASH);
    const executionValues = summaryValuesOf(row);
    const withEvents = firstEvents.length > 0;
    return {
      query: {
        name: this.#prefix + (withEvents ? 'create' : 'create-empty'),
        text: withEvents ? this.#sql.create : this.#sql.createWithoutEvents,
        values: [
          summary.executionArn,
          ...(withEvents ? values : []),
          ...executionValues,
          lease?.owner ?? null,
          lease?.leaseMs ?? null,
        ],
      },
      interpret: (result) => {
        if ((result.rowCount ?? 0) === 0) throw new ExecutionAlreadyStored(summary.executionArn);
        return { lastEventId: summary.lastEventId, hash };
      },
    };
  }

  /**
   * Appends after `from` and replaces the summary, in one statement (as `owner`, only while its
   * lease holds); `AppendConflict` when nothing was appended (the caller tells why).
   */
  append(
    executionArn: string,
    from: AppendPoint,
    events: readonly RecordedEvent[],
    summary: ExecutionSummary,
    owner?: string,
  ): PgWrite<AppendPoint> {
    const row = toExecutionRow(summary);
    const { values, hash } = eventValues(executionArn, events, from.hash);
    const summaryValues = summaryValuesOf(row).slice(0, updatedColumnCount);
    const withEvents = events.length > 0;
    return {
      query: {
        name: this.#prefix + (withEvents ? 'append' : 'append-empty') + (owner === undefined ? '' : '-owned'),
        text: (withEvents ? this.#sql.append : this.#sql.appendWithoutEvents)(owner !== undefined),
        values: [
          executionArn,
          from.lastEventId,
          ...(withEvents ? values : []),
          ...summaryValues,
          ...(owner === undefined ? [] : [owner]),
        ],
      },
      interpret: (result) => {
        if ((result.rowCount ?? 0) === 0) throw new AppendConflict(executionArn, from.lastEventId, undefined);
        return { lastEventId: summary.lastEventId, hash };
      },
    };
  }

  async appendPoint(pool: pg.Pool, executionArn: string): Promise<StoredAppendPoint | undefined> {
    const result = await pool.query<{
      last_event_id: number;
      hash: string | null;
      owner: string | null;
      leased: boolean | null;
    }>({
      name: `${this.#prefix}append-point`,
      text: this.#sql.appendPoint,
      values: [executionArn],
    });
    const row = result.rows[0];
    return row === undefined
      ? undefined
      : {
          lastEventId: row.last_event_id,
          hash: row.hash ?? GENESIS_HASH,
          owner: row.owner,
          leased: row.leased === true,
        };
  }

  async one<Row extends pg.QueryResultRow>(
    pool: pg.Pool,
    which: 'execution' | 'stateMachine' | 'revision',
    values: readonly string[],
  ): Promise<Row | undefined> {
    const result = await pool.query<Row>({ name: this.#prefix + which, text: this.#sql[which], values: [...values] });
    return result.rows[0];
  }

  async readEvents(pool: pg.Pool, executionArn: string, range: EventRange, withHash: boolean): Promise<EventValues[]> {
    const reverse = range.reverse === true;
    const after = range.after ?? (reverse ? 2_147_483_647 : 0);
    const result = await pool.query<unknown[]>({
      name: `${this.#prefix}events:${reverse ? 'reverse' : 'forward'}${withHash ? ':hash' : ''}`,
      text: this.#sql.events(reverse, withHash),
      // LIMIT NULL is no limit.
      values: [executionArn, after, range.limit ?? null],
      rowMode: 'array',
    });
    // A trust boundary: the columns selected are `eventColumns` (and the hash), typed as the table declares them.
    return result.rows as unknown as EventValues[];
  }
}

/** The summary row's columns after its ARN, in `summaryColumnsAfterArn` order. */
function summaryValuesOf(row: ExecutionsTable): unknown[] {
  return summaryColumnsAfterArn.map((column) => row[column]);
}

/** The events as the insert's seven parallel arrays, and the hash of the last one. */
function eventValues(
  executionArn: string,
  events: readonly RecordedEvent[],
  previousHash: string,
): { values: unknown[]; hash: string } {
  const hashes = chainHashes(executionArn, events, previousHash);
  const columns: unknown[][] = [[], [], [], [], [], [], []];
  events.forEach((recorded, index) => {
    const row = toEventRow(executionArn, recorded);
    const fields = [row.id, row.previous_event_id, row.type, row.timestamp, row.details, row.facts, hashes[index]];
    fields.forEach((field, column) => columns[column]?.push(field ?? null));
  });
  return { values: columns, hash: hashes[hashes.length - 1] ?? previousHash };
}

/** A PostgreSQL identifier in double quotes (a schema name is the user's). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
