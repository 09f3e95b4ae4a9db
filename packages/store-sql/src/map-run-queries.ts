import { decodeKeysetCursor, type MapRunRecord, type Page, type PageRequest } from '@statefold/core';
import type { CompiledQuery, Kysely } from 'kysely';
import { fromMapRunRow, toMapRunRow, type StoreTables } from './rows.js';
import { toPage } from './to-page.js';

/**
 * The Store port's Map Runs in Kysely (the `map_runs` table), shared by the SQL stores. As in
 * `StoreQueries`, writes come back compiled for the store's own group commit.
 */
export class MapRunQueries {
  readonly #db: Kysely<StoreTables>;

  constructor(db: Kysely<StoreTables>) {
    this.#db = db;
  }

  /** A Map Run's record is written whole each time its progress or settings change. */
  putMapRun(record: MapRunRecord): CompiledQuery {
    const row = toMapRunRow(record);
    const { map_run_arn: _key, ...columns } = row;
    return this.#db
      .insertInto('map_runs')
      .values(row)
      .onConflict((conflict) => conflict.column('map_run_arn').doUpdateSet(columns))
      .compile();
  }

  async getMapRun(mapRunArn: string): Promise<MapRunRecord | undefined> {
    const row = await this.#db
      .selectFrom('map_runs')
      .selectAll()
      .where('map_run_arn', '=', mapRunArn)
      .executeTakeFirst();
    return row === undefined ? undefined : fromMapRunRow(row);
  }

  /** The Map Runs an execution started, newest start first (ties by ARN, descending). */
  async listMapRuns(executionArn: string, page: PageRequest): Promise<Page<MapRunRecord>> {
    let select = this.#db.selectFrom('map_runs').selectAll().where('execution_arn', '=', executionArn);
    if (page.cursor !== undefined) {
      const [startDate = '', arn = ''] = decodeKeysetCursor(page.cursor, 2);
      select = select.where((eb) => eb(eb.refTuple('start_date', 'map_run_arn'), '<', eb.tuple(startDate, arn)));
    }
    const rows = await select
      .orderBy('start_date', 'desc')
      .orderBy('map_run_arn', 'desc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows, page.limit, fromMapRunRow, (row) => [row.start_date, row.map_run_arn]);
  }
}
