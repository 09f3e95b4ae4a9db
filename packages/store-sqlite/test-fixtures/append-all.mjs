// Child process of sqlite-store-processes.test.ts: makes the appends of a plan (JSON file named by
// argv[2]) through its own SqliteStore on a shared file, and prints each outcome as one JSON line.
import { readFileSync, writeSync } from 'node:fs';
import { sqliteStore } from '@statefold/store-sqlite';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const store = await sqliteStore({ filename: plan.filename });
const outcomes = [];
for (const { executionArn, expectedLastEventId, events, summary } of plan.appends) {
  outcomes.push(
    await store.append(executionArn, expectedLastEventId, events, summary).then(
      () => 'ok',
      (error) => error.name,
    ),
  );
}
await store.close();
writeSync(1, `${JSON.stringify(outcomes)}\n`);
