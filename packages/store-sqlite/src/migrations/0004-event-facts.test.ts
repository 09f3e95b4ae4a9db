import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, NO_FACTS, verifyChain, type RecordedEvent } from '@statefold/core';
import { executionSummary, historyEvents, variedHistory } from '@statefold/core/testing';
import { sqliteStore } from '../index.js';
import { executionRowBefore0005 } from './rows-before.js';
import { migrationProvider } from './index.js';

// A file as the schema before 0004 held it: statefold's facts inside `details` as `statefold`, and
// each row's hash as that version wrote it (the v1 encoding: the event with its facts as a member).

/** The row columns and hash of an event as the previous layout wrote them. */
function previousLayout(executionArn: string, events: readonly RecordedEvent[]) {
  let previous = GENESIS_HASH;
  return events.map(({ event, facts }) => {
    const { id, previousEventId, timestamp, type, ...details } = event;
    const inside = Object.keys(facts).length === 0 ? details : { ...details, statefold: facts };
    const whole = Object.keys(facts).length === 0 ? event : { ...event, statefold: facts };
    previous = createHash('sha256')
      .update(`statefold-event-v1\n${executionArn}\n${previous}\n${canonicalJson(whole)}`)
      .digest('hex');
    return {
      execution_arn: executionArn,
      id,
      previous_event_id: previousEventId,
      type,
      timestamp,
      details: JSON.stringify(inside),
      hash: previous,
    };
  });
}

// A variable named `statefold` puts the text `"statefold":` in a row whose event records no facts.
function withStatefoldVariable(events: readonly RecordedEvent[]): RecordedEvent[] {
  const id = events.length + 1;
  const exited: RecordedEvent = {
    event: {
      id,
      previousEventId: id - 1,
      timestamp: '2024-03-17T11:48:40.000Z',
      type: 'PassStateExited',
      stateExitedEventDetails: {
        name: 'Keep',
        output: '{"statefold":{"thread":"/9.9"}}',
        outputDetails: { truncated: false },
        assignedVariables: { statefold: '{"thread":"/9.9"}' },
      },
    },
    facts: NO_FACTS,
  };
  return [...events, exited];
}

describe('migration 0004 (event facts)', () => {
  let directory: string;
  let filename: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'statefold-sqlite-facts-'));
    filename = join(directory, 'store.db');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('moves each stored event facts out of its details and keeps the hashes it was written with', async () => {
    const events = withStatefoldVariable(variedHistory('{"greeting":"héllo \\"statefold\\": ✓"}'));
    const summary = executionSummary({ lastEventId: events.length });
    const plain = executionSummary({ name: 'plain', lastEventId: 3 });
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(filename) }) });
    expect(
      (await new Migrator({ db, provider: migrationProvider }).migrateTo('0003_event_hashes')).error,
    ).toBeUndefined();
    const tables = db.withTables<{
      executions: ReturnType<typeof executionRowBefore0005>;
      events: ReturnType<typeof previousLayout>[number];
    }>();
    await tables
      .insertInto('executions')
      .values([executionRowBefore0005(summary), executionRowBefore0005(plain)])
      .execute();
    const rows = [
      ...previousLayout(summary.executionArn, events),
      ...previousLayout(plain.executionArn, historyEvents(1, 3)),
    ];
    await tables.insertInto('events').values(rows).execute();
    await db.destroy();

    const store = await sqliteStore({ filename });
    const stored = await store.readStoredEvents(summary.executionArn);
    expect(stored.map(({ event, facts }) => ({ event, facts }))).toEqual(events);
    expect(stored.map(({ hash }) => hash)).toEqual(rows.slice(0, events.length).map(({ hash }) => hash));
    expect(verifyChain(summary.executionArn, stored, summary.lastEventId).problem).toBeUndefined();
    expect(await store.readEvents(plain.executionArn)).toEqual(historyEvents(1, 3));
    await store.close();

    const handle = new BetterSqlite3(filename, { readonly: true });
    const migrated = handle
      .prepare('select id, details, facts from events where execution_arn = ? order by id')
      .all(summary.executionArn) as { id: number; details: string; facts: string | null }[];
    handle.close();
    for (const row of migrated) expect(JSON.parse(row.details)).not.toHaveProperty('statefold');
    expect(migrated.map((row) => row.facts !== null)).toEqual(events.map(({ facts }) => Object.keys(facts).length > 0));
    expect(JSON.parse(migrated.at(-1)?.details ?? '{}')).toMatchObject({
      stateExitedEventDetails: { assignedVariables: { statefold: '{"thread":"/9.9"}' } },
    });
  });

  it('moves the facts of more events than one batch holds, across executions', async () => {
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(filename) }) });
    expect(
      (await new Migrator({ db, provider: migrationProvider }).migrateTo('0003_event_hashes')).error,
    ).toBeUndefined();
    const tables = db.withTables<{
      executions: ReturnType<typeof executionRowBefore0005>;
      events: ReturnType<typeof previousLayout>[number];
    }>();
    const histories = ['a', 'b', 'c'].map((name) => {
      const summary = executionSummary({ name, lastEventId: 900 });
      const events = historyEvents(1, 900).map(({ event }) => ({ event, facts: { draws: [event.id / 1000, name] } }));
      return { summary, events };
    });
    for (const { summary, events } of histories) {
      await tables.insertInto('executions').values(executionRowBefore0005(summary)).execute();
      await tables.insertInto('events').values(previousLayout(summary.executionArn, events)).execute();
    }
    await db.destroy();

    const store = await sqliteStore({ filename });
    for (const { summary, events } of histories) {
      const stored = await store.readStoredEvents(summary.executionArn);
      expect(stored.map(({ event, facts }) => ({ event, facts }))).toEqual(events);
      expect(verifyChain(summary.executionArn, stored, 900).problem).toBeUndefined();
    }
    await store.close();
  });
});
