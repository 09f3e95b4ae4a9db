import {
  decodeKeysetCursor,
  type ActivityRecord,
  type AllExecutionsQuery,
  type ExecutionQuery,
  type ExecutionSummary,
  type Page,
  type PageRequest,
  type StateMachineRecord,
  type StateMachineRevision,
} from '@statefold/core';
import type { CompiledQuery, Kysely } from 'kysely';
import {
  fromActivityRow,
  fromExecutionRow,
  fromStateMachineRow,
  toActivityRow,
  toRevisionRow,
  toStateMachineRow,
  type StoreTables,
} from './rows.js';
import { toPage } from './to-page.js';

/**
 * The Store port's record writes and list/paging queries in Kysely, shared by the SQL stores: the
 * SQL is the same on SQLite and PostgreSQL (upserts, row-value keyset comparisons). Writes come
 * back compiled, for the store to run inside its own group commit; reads run on `db`.
 */
export class StoreQueries {
  readonly #db: Kysely<StoreTables>;

  constructor(db: Kysely<StoreTables>) {
    this.#db = db;
  }

  putStateMachine(record: StateMachineRecord): CompiledQuery {
    const row = toStateMachineRow(record);
    const { state_machine_arn: _key, ...columns } = row;
    return this.#db
      .insertInto('state_machines')
      .values(row)
      .onConflict((conflict) => conflict.column('state_machine_arn').doUpdateSet(columns))
      .compile();
  }

  deleteStateMachine(stateMachineArn: string): CompiledQuery {
    return this.#db.deleteFrom('state_machines').where('state_machine_arn', '=', stateMachineArn).compile();
  }

  putStateMachineRevision(revision: StateMachineRevision): CompiledQuery {
    const row = toRevisionRow(revision);
    const { state_machine_arn: _arn, revision_id: _id, ...columns } = row;
    return this.#db
      .insertInto('state_machine_revisions')
      .values(row)
      .onConflict((conflict) => conflict.columns(['state_machine_arn', 'revision_id']).doUpdateSet(columns))
      .compile();
  }

  putActivity(record: ActivityRecord): CompiledQuery {
    const row = toActivityRow(record);
    const { activity_arn: _key, ...columns } = row;
    return this.#db
      .insertInto('activities')
      .values(row)
      .onConflict((conflict) => conflict.column('activity_arn').doUpdateSet(columns))
      .compile();
  }

  deleteActivity(activityArn: string): CompiledQuery {
    return this.#db.deleteFrom('activities').where('activity_arn', '=', activityArn).compile();
  }

  /**
   * Executions (of one state machine, version or alias, and redriven or not, when `of` says),
   * newest start first (ties by ARN, descending).
   */
  async listNewestFirst(query: AllExecutionsQuery, of?: ExecutionQuery): Promise<Page<ExecutionSummary>> {
    let select = this.#db.selectFrom('executions').selectAll();
    if (of?.mapRunArn !== undefined) {
      select = select.where('map_run_arn', '=', of.mapRunArn);
    } else if (of?.stateMachineAliasArn !== undefined) {
      select = select.where('state_machine_alias_arn', '=', of.stateMachineAliasArn);
    } else if (of?.stateMachineVersionArn !== undefined) {
      select = select.where('state_machine_version_arn', '=', of.stateMachineVersionArn);
    } else if (of !== undefined) {
      select = select.where('state_machine_arn', '=', of.stateMachineArn);
    }
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    if (of?.redriven !== undefined) select = select.where('redrive_count', of.redriven ? '>' : '=', 0);
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
  }

  /** RUNNING executions, oldest start first (ties by ARN, ascending). */
  async listOpenExecutions(page: PageRequest): Promise<Page<ExecutionSummary>> {
    let select = this.#db.selectFrom('executions').selectAll().where('status', '=', 'RUNNING');
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
  }

  async listStateMachines(page: PageRequest): Promise<Page<StateMachineRecord>> {
    let select = this.#db.selectFrom('state_machines').selectAll();
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
  }

  async getActivity(activityArn: string): Promise<ActivityRecord | undefined> {
    const row = await this.#db
      .selectFrom('activities')
      .selectAll()
      .where('activity_arn', '=', activityArn)
      .executeTakeFirst();
    return row === undefined ? undefined : fromActivityRow(row);
  }

  async listActivities(page: PageRequest): Promise<Page<ActivityRecord>> {
    let select = this.#db.selectFrom('activities').selectAll();
    if (page.cursor !== undefined) {
      const [creationDate = '', arn = ''] = decodeKeysetCursor(page.cursor, 2);
      select = select.where((eb) => eb(eb.refTuple('creation_date', 'activity_arn'), '>', eb.tuple(creationDate, arn)));
    }
    const rows = await select
      .orderBy('creation_date', 'asc')
      .orderBy('activity_arn', 'asc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows, page.limit, fromActivityRow, (row) => [row.creation_date, row.activity_arn]);
  }
}
