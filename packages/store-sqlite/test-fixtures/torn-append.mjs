// Child process of sqlite-store-crash.test.ts. Reads a plan (JSON file named by argv[2]), makes
// its appends through SqliteStore (each one a committed transaction, left in the WAL because the
// store is never closed), then opens a second connection that writes a large transaction it never
// commits, and kills itself with SIGKILL while that transaction is open: a torn last transaction.
import { readFileSync, statSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sqliteStore } from '@statefold/store-sqlite';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const store = await sqliteStore({ filename: plan.filename });
for (const { expectedLastEventId, events, summary } of plan.appends) {
  await store.append(plan.executionArn, expectedLastEventId, events, summary);
}

const committedWalBytes = statSync(`${plan.filename}-wal`).size;
const writer = new Database(plan.filename);
writer.pragma('busy_timeout = 5000');
// A small page cache makes SQLite spill the open transaction's pages into the WAL before commit.
writer.pragma('cache_size = 10');
writer.prepare('begin immediate').run();
const insert = writer.prepare(
  'insert into events (execution_arn, id, previous_event_id, type, timestamp, details) values (?, ?, ?, ?, ?, ?)',
);
const padding = 'x'.repeat(8 * 1024);
for (let index = 0; index < plan.tornEventCount; index++) {
  const id = plan.tornFirstId + index;
  const details = JSON.stringify({
    stateEnteredEventDetails: { name: 'Torn', input: `"${padding}"`, inputDetails: { truncated: false } },
  });
  insert.run(plan.executionArn, id, id - 1, 'PassStateEntered', '2024-03-17T12:00:00.000Z', details);
}
writer
  .prepare("update executions set last_event_id = ?, status = 'SUCCEEDED' where execution_arn = ?")
  .run(plan.tornFirstId + plan.tornEventCount - 1, plan.executionArn);
const walBytes = statSync(`${plan.filename}-wal`).size;
writeSync(1, `${JSON.stringify({ committedWalBytes, walBytes })}\n`);
process.kill(process.pid, 'SIGKILL');
