import type { Kysely, Migration } from 'kysely';

// The event envelope: statefold's facts about an event (thread, deadlines, task token, values drawn)
// get a column of their own, `events.facts`, beside AWS's event, where they used to be a member of
// `details` named `statefold`. Existing rows move theirs out. Hashes stay as they are: the audit
// hash encodes an event and its facts the same way wherever they are kept, so the chains written
// before verify unchanged (and rewriting them here would bless any edit made to the file before).

type EventRowsBefore = {
  readonly events: {
    readonly execution_arn: string;
    readonly id: number;
    readonly details: string;
    readonly facts: string | null;
  };
};

/** Rows moved per statement batch: bounds the memory a large file's migration needs. */
const BATCH = 1_000;

/** Adds `events.facts` and moves each stored event's facts out of `details` into it. */
export const addEventFacts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('events').addColumn('facts', 'text').execute();
    const tables = db.withTables<EventRowsBefore>();
    let after: { readonly executionArn: string; readonly id: number } | undefined;
    for (;;) {
      // Keyset pages over the primary key; only rows whose details may hold the member are read
      // (the pattern also matches the text inside a payload, which the parse below tells apart).
      let select = tables
        .selectFrom('events')
        .select(['execution_arn', 'id', 'details'])
        .where('details', 'like', '%"statefold":%');
      if (after !== undefined) {
        const { executionArn, id } = after;
        select = select.where((eb) => eb(eb.refTuple('execution_arn', 'id'), '>', eb.tuple(executionArn, id)));
      }
      const rows = await select.orderBy('execution_arn').orderBy('id').limit(BATCH).execute();
      for (const row of rows) {
        const { statefold: facts, ...details } = JSON.parse(row.details) as Record<string, unknown>;
        if (facts === undefined) continue;
        await tables
          .updateTable('events')
          .set({ details: JSON.stringify(details), facts: JSON.stringify(facts) })
          .where('execution_arn', '=', row.execution_arn)
          .where('id', '=', row.id)
          .execute();
      }
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < BATCH) return;
      after = { executionArn: last.execution_arn, id: last.id };
    }
  },
};
