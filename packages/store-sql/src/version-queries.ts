import {
  decodeKeysetCursor,
  type Page,
  type PageRequest,
  type StateMachineAliasRecord,
  type StateMachineVersionRecord,
} from '@statefold/core';
import type { CompiledQuery, Kysely } from 'kysely';
import { fromAliasRow, fromVersionRow, toAliasRow, toVersionRow, type StoreTables } from './rows.js';
import { toPage } from './to-page.js';

/**
 * The Store port's versions and aliases in Kysely (the `state_machine_versions` and
 * `state_machine_aliases` tables), shared by the SQL stores. As in `StoreQueries`, writes come back
 * compiled for the store's own group commit.
 */
export class VersionQueries {
  readonly #db: Kysely<StoreTables>;

  constructor(db: Kysely<StoreTables>) {
    this.#db = db;
  }

  /**
   * A version is created once: a second insert of its ARN changes no row (rather than failing,
   * which would abort the transaction it shares), and the store answers `RecordAlreadyStored`.
   */
  createVersion(record: StateMachineVersionRecord): CompiledQuery {
    return this.#db
      .insertInto('state_machine_versions')
      .values(toVersionRow(record))
      .onConflict((conflict) => conflict.column('state_machine_version_arn').doNothing())
      .compile();
  }

  async getVersion(arn: string): Promise<StateMachineVersionRecord | undefined> {
    const row = await this.#db
      .selectFrom('state_machine_versions')
      .selectAll()
      .where('state_machine_version_arn', '=', arn)
      .executeTakeFirst();
    return row === undefined ? undefined : fromVersionRow(row);
  }

  /** Versions of a state machine, highest version first. */
  async listVersions(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineVersionRecord>> {
    let select = this.#db
      .selectFrom('state_machine_versions')
      .selectAll()
      .where('state_machine_arn', '=', stateMachineArn);
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
  }

  deleteVersion(arn: string): CompiledQuery {
    return this.#db.deleteFrom('state_machine_versions').where('state_machine_version_arn', '=', arn).compile();
  }

  putAlias(record: StateMachineAliasRecord): CompiledQuery {
    const row = toAliasRow(record);
    const { state_machine_alias_arn: _key, ...columns } = row;
    return this.#db
      .insertInto('state_machine_aliases')
      .values(row)
      .onConflict((conflict) => conflict.column('state_machine_alias_arn').doUpdateSet(columns))
      .compile();
  }

  async getAlias(arn: string): Promise<StateMachineAliasRecord | undefined> {
    const row = await this.#db
      .selectFrom('state_machine_aliases')
      .selectAll()
      .where('state_machine_alias_arn', '=', arn)
      .executeTakeFirst();
    return row === undefined ? undefined : fromAliasRow(row);
  }

  /** Aliases of a state machine, newest first. */
  async listAliases(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineAliasRecord>> {
    let select = this.#db
      .selectFrom('state_machine_aliases')
      .selectAll()
      .where('state_machine_arn', '=', stateMachineArn);
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
  }

  deleteAlias(arn: string): CompiledQuery {
    return this.#db.deleteFrom('state_machine_aliases').where('state_machine_alias_arn', '=', arn).compile();
  }

  /** The deletes that remove every version and alias of a state machine, for DeleteStateMachine's write. */
  deletesOf(stateMachineArn: string): readonly CompiledQuery[] {
    return [
      this.#db.deleteFrom('state_machine_versions').where('state_machine_arn', '=', stateMachineArn).compile(),
      this.#db.deleteFrom('state_machine_aliases').where('state_machine_arn', '=', stateMachineArn).compile(),
    ];
  }
}
