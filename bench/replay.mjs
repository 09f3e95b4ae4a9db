// Replay: ms to read and fold a 25,000-event history from SQLite, beside the raw read-and-JSON.parse
// ceiling on the same file in the same run; and ms to rebuild the state at an arbitrary event.
//   node bench/replay.mjs <dir>
// The history is a Choice loop (States.MathAdd + Choice) run to exactly 25,000 events, AWS's limit.

import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import * as core from '@statefold/core';
import { sqliteStore } from '@statefold/store-sqlite';
import { bestOfMs, bestOfPairMs } from './lib/load.mjs';
import { LONG_HISTORY_EVENTS, recordLongHistory } from './lib/long-history.mjs';

const { evolve, initialExecutionState } = core;
const HISTORY_EVENTS = LONG_HISTORY_EVENTS;
const REPEATS = 7;
const [dir] = process.argv.slice(2);
const tempDir = mkdtempSync(join(dir, 'replay-'));
const filename = join(tempDir, 'replay.db');

// How the engine folds a stored history: through one private draft (core.foldEvents) where the core
// has it, else evolve event by event.
const fold =
  typeof core.foldEvents === 'function'
    ? (events) => core.foldEvents(initialExecutionState, events)
    : (events) => {
        let state = initialExecutionState;
        for (const event of events) state = evolve(state, event);
        return state;
      };

try {
  const executionArn = await recordLongHistory(filename);

  // statefold: the store's read (rows → events) and the reducer, as the engine loads an execution;
  // the ceiling: the same rows straight from better-sqlite3 as arrays, each event's JSON (and its
  // facts' JSON, when it has any) parsed. Measured turn about, so that both sides see the same machine.
  const store = await sqliteStore({ filename });
  const db = new BetterSqlite3(filename, { readonly: true });
  // Rows as arrays (`raw`), the fastest read better-sqlite3 has, as the store itself reads them.
  const select = db
    .prepare(
      'select id, previous_event_id, type, timestamp, details, facts from events where execution_arn = ? order by id',
    )
    .raw(true);
  let folded;
  let parsed = 0;
  const [readAndFoldMs, rawReadAndParseMs] = await bestOfPairMs(
    REPEATS,
    async () => {
      folded = fold(await store.readEvents(executionArn));
    },
    () => {
      const rows = select.all(executionArn);
      for (const row of rows) {
        JSON.parse(row[4]);
        if (row[5] !== null) JSON.parse(row[5]);
      }
      parsed = rows.length;
    },
  );
  if (folded.status !== 'SUCCEEDED' || folded.lastEventId !== HISTORY_EVENTS) {
    throw new Error(`Folding gave ${folded.status} at event ${folded.lastEventId}`);
  }
  if (parsed !== HISTORY_EVENTS) throw new Error(`Read ${parsed} rows, expected ${HISTORY_EVENTS}`);
  const history = await store.readEvents(executionArn);
  await store.close();
  db.close();

  // The state at an arbitrary event: the core's stateAt when it exists, else a fold of the prefix.
  const stateAtSource =
    typeof core.stateAt === 'function' ? 'stateAt' : 'evolve over the prefix (stateAt not exported yet)';
  const stateAt =
    typeof core.stateAt === 'function'
      ? (eventId) => core.stateAt(history, eventId)
      : (eventId) => fold(history.slice(0, eventId));
  const probes = [1, 2_500, 12_345, 24_999, HISTORY_EVENTS];
  const stateAtMs = {};
  for (const eventId of probes) {
    let state;
    stateAtMs[eventId] = await bestOfMs(REPEATS, () => {
      state = stateAt(eventId);
    });
    const lastEventId = state?.lastEventId ?? state?.state?.lastEventId;
    if (lastEventId !== undefined && lastEventId !== eventId)
      throw new Error(`The state at event ${eventId} says ${lastEventId}`);
    if (state === undefined || state === null) throw new Error(`No state at event ${eventId}`);
  }
  const worstStateAtMs = Math.max(...Object.values(stateAtMs));
  process.stdout.write(
    `${JSON.stringify({ events: HISTORY_EVENTS, readAndFoldMs, rawReadAndParseMs, stateAtSource, stateAtMs, worstStateAtMs })}\n`,
  );
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}
