import { decodeKeysetCursor, type MapRunRecord, type Page, type PageRequest } from '@statefold/core';
import { fromMapRunRow, toMapRunRow } from './rows.js';
import type { VersionRecordsAccess } from './sqlite-version-records.js';
import { toPage } from './to-page.js';

/** The SQLite store's Map Runs (migration 0006's table). SqliteStore delegates to it. */
export class SqliteMapRuns {
  readonly #access: VersionRecordsAccess;

  constructor(access: VersionRecordsAccess) {
    this.#access = access;
  }

  put(record: MapRunRecord): Promise<void> {
    const { map_run_arn: _key, ...columns } = toMapRunRow(record);
    return this.#access.write([
      this.#access.db
        .insertInto('map_runs')
        .values(toMapRunRow(record))
        .onConflict((conflict) => conflict.column('map_run_arn').doUpdateSet(columns))
        .compile(),
    ]);
  }

  get(mapRunArn: string): Promise<MapRunRecord | undefined> {
    return this.#access.query(async (db) => {
      const row = await db.selectFrom('map_runs').selectAll().where('map_run_arn', '=', mapRunArn).executeTakeFirst();
      return row === undefined ? undefined : fromMapRunRow(row);
    });
  }

  list(executionArn: string, page: PageRequest): Promise<Page<MapRunRecord>> {
    return this.#access.query(async (db) => {
      let select = db.selectFrom('map_runs').selectAll().where('execution_arn', '=', executionArn);
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
    });
  }
}
