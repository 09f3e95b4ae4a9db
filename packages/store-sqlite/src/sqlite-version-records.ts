import {
  decodeKeysetCursor,
  RecordAlreadyStored,
  type Page,
  type PageRequest,
  type StateMachineAliasRecord,
  type StateMachineVersionRecord,
} from '@statefold/core';
import type { CompiledQuery, Kysely } from 'kysely';
import { isKeyViolation } from './driver-errors.js';
import { fromAliasRow, fromVersionRow, toAliasRow, toVersionRow, type StoreTables } from './rows.js';
import { toPage } from './to-page.js';

/** How the store runs this module's statements: reads through Kysely, writes in one group-commit savepoint. */
export interface VersionRecordsAccess {
  readonly db: Kysely<StoreTables>;
  readonly query: <T>(operation: (db: Kysely<StoreTables>) => Promise<T>) => Promise<T>;
  /** Runs the compiled writes together, atomically; `translate` maps a driver error raised by them. */
  readonly write: (queries: readonly CompiledQuery[], translate?: (error: unknown) => unknown) => Promise<void>;
}

/** The SQLite store's versions and aliases (migration 0005's tables). SqliteStore delegates to it. */
export class SqliteVersionRecords {
  readonly #access: VersionRecordsAccess;

  constructor(access: VersionRecordsAccess) {
    this.#access = access;
  }

  async createVersion(record: StateMachineVersionRecord): Promise<void> {
    await this.#access.write(
      [this.#access.db.insertInto('state_machine_versions').values(toVersionRow(record)).compile()],
      (error) => (isKeyViolation(error) ? new RecordAlreadyStored(record.stateMachineVersionArn) : error),
    );
  }

  getVersion(arn: string): Promise<StateMachineVersionRecord | undefined> {
    return this.#access.query(async (db) => {
      const row = await db
        .selectFrom('state_machine_versions')
        .selectAll()
        .where('state_machine_version_arn', '=', arn)
        .executeTakeFirst();
      return row === undefined ? undefined : fromVersionRow(row);
    });
  }

  listVersions(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineVersionRecord>> {
    return this.#access.query(async (db) => {
      let select = db.selectFrom('state_machine_versions').selectAll().where('state_machine_arn', '=', stateMachineArn);
      if (page.cursor !== undefined) {
        const [version = '', arn = ''] = decodeKeysetCursor(page.cursor, 2);
        select = select.where((eb) =>
          eb(eb.refTuple('version', 'state_machine_version_arn'), '<', eb.tuple(Number(version), arn)),
        );
      }
      const rows = await select
        .orderBy('version', 'desc')
        .orderBy('state_machine_version_arn', 'desc')
        .limit(page.limit + 1)
        .execute();
      return toPage(rows, page.limit, fromVersionRow, (row) => [String(row.version), row.state_machine_version_arn]);
    });
  }

  deleteVersion(arn: string): Promise<void> {
    return this.#access.write([
      this.#access.db.deleteFrom('state_machine_versions').where('state_machine_version_arn', '=', arn).compile(),
    ]);
  }

  putAlias(record: StateMachineAliasRecord): Promise<void> {
    const { state_machine_alias_arn: _key, ...columns } = toAliasRow(record);
    return this.#access.write([
      this.#access.db
        .insertInto('state_machine_aliases')
        .values(toAliasRow(record))
        .onConflict((conflict) => conflict.column('state_machine_alias_arn').doUpdateSet(columns))
        .compile(),
    ]);
  }

  getAlias(arn: string): Promise<StateMachineAliasRecord | undefined> {
    return this.#access.query(async (db) => {
      const row = await db
        .selectFrom('state_machine_aliases')
        .selectAll()
        .where('state_machine_alias_arn', '=', arn)
        .executeTakeFirst();
      return row === undefined ? undefined : fromAliasRow(row);
    });
  }

  listAliases(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineAliasRecord>> {
    return this.#access.query(async (db) => {
      let select = db.selectFrom('state_machine_aliases').selectAll().where('state_machine_arn', '=', stateMachineArn);
      if (page.cursor !== undefined) {
        const [creationDate = '', arn = ''] = decodeKeysetCursor(page.cursor, 2);
        select = select.where((eb) =>
          eb(eb.refTuple('creation_date', 'state_machine_alias_arn'), '<', eb.tuple(creationDate, arn)),
        );
      }
      const rows = await select
        .orderBy('creation_date', 'desc')
        .orderBy('state_machine_alias_arn', 'desc')
        .limit(page.limit + 1)
        .execute();
      return toPage(rows, page.limit, fromAliasRow, (row) => [row.creation_date, row.state_machine_alias_arn]);
    });
  }

  deleteAlias(arn: string): Promise<void> {
    return this.#access.write([
      this.#access.db.deleteFrom('state_machine_aliases').where('state_machine_alias_arn', '=', arn).compile(),
    ]);
  }

  /** The deletes that remove every version and alias of a state machine, for DeleteStateMachine's write. */
  deletesOf(stateMachineArn: string): readonly CompiledQuery[] {
    const { db } = this.#access;
    return [
      db.deleteFrom('state_machine_versions').where('state_machine_arn', '=', stateMachineArn).compile(),
      db.deleteFrom('state_machine_aliases').where('state_machine_arn', '=', stateMachineArn).compile(),
    ];
  }
}
