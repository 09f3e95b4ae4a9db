import { chainHashes, NO_FACTS, type EventFacts, type HistoryEvent } from '@statefold/core';
import type { Kysely, Migration } from 'kysely';

// The audit chain: each event row carries the SHA-256 hash that links it to its execution's
// previous event (see @statefold/core's audit module). Rows written before this migration get
// their hashes now, so every stored history verifies from its first event.

type EventRowsBefore = {
  readonly events: {
    readonly execution_arn: string;
    readonly id: number;
    readonly previous_event_id: number;
    readonly type: string;
    readonly timestamp: string;
    readonly details: string;
    readonly hash: string | null;
  };
};

/** Adds `events.hash` (filled for the events already stored) and the index behind listing every execution. */
export const addEventHashes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('events').addColumn('hash', 'text').execute();
    await db.schema
      .createIndex('executions_by_start')
      .on('executions')
      .columns(['start_date', 'execution_arn'])
      .execute();
    const tables = db.withTables<EventRowsBefore>();
    const executions = await tables.selectFrom('events').select('execution_arn').distinct().execute();
    for (const { execution_arn: executionArn } of executions) {
      const rows = await tables
        .selectFrom('events')
        .selectAll()
        .where('execution_arn', '=', executionArn)
        .orderBy('id')
        .execute();
      const events = rows.map(({ id, previous_event_id, timestamp, type, details }) => {
        // Rows of this schema keep statefold's facts inside `details`, as `statefold` (0004 moves
        // them to a column of their own); the hash encodes an event and its facts the same way
        // wherever they are kept.
        const { statefold: facts, ...members } = JSON.parse(details) as { readonly statefold?: EventFacts };
        const event = { id, previousEventId: previous_event_id, timestamp, type, ...members } as HistoryEvent;
        return { event, facts: facts ?? NO_FACTS };
      });
      const hashes = chainHashes(executionArn, events);
      for (const [index, { event }] of events.entries()) {
        await tables
          .updateTable('events')
          .set({ hash: hashes[index] ?? null })
          .where('execution_arn', '=', executionArn)
          .where('id', '=', event.id)
          .execute();
      }
    }
  },
};
