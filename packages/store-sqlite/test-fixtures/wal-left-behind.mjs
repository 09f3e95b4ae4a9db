// Child process of sqlite-store-crash.test.ts. Reads a plan (JSON file named by argv[2]), makes
// its appends through SqliteStore, noting the size of the write-ahead log before and after the
// last one, and kills itself with SIGKILL: every append is committed to the WAL, none is
// checkpointed into the database file. The parent then tears the last commit's frames.
import { readFileSync, statSync, writeSync } from 'node:fs';
import { sqliteStore } from '@statefold/store-sqlite';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const store = await sqliteStore({ filename: plan.filename });
let walBytesBeforeLast = 0;
for (const [index, { expectedLastEventId, events, summary }] of plan.appends.entries()) {
  if (index === plan.appends.length - 1) walBytesBeforeLast = statSync(`${plan.filename}-wal`).size;
  await store.append(plan.executionArn, expectedLastEventId, events, summary);
}
const walBytes = statSync(`${plan.filename}-wal`).size;
writeSync(1, `${JSON.stringify({ walBytesBeforeLast, walBytes })}\n`);
process.kill(process.pid, 'SIGKILL');
