// Fills a SQLite store file with executions copied from one the server ran (same summary row, same
// event rows, another name), through the Store port: the "100,000 executions stored" condition
// without 100,000 synced HTTP round trips.

import { sqliteStore } from '@statefold/store-sqlite';

const FILL_BATCH = 256;

/** Adds copies of `templateArn` named fill-<from>… until `to` executions of the state machine are stored. */
export async function populateSqlite(filename, stateMachineArn, templateArn, from, to) {
  // NORMAL only for filling: the measured server reopens the file at its default, FULL.
  const store = await sqliteStore({ filename, synchronous: 'NORMAL' });
  try {
    const summary = await store.getExecution(templateArn);
    if (summary === undefined || summary.stateMachineArn !== stateMachineArn)
      throw new Error(`No template execution ${templateArn}`);
    const events = await store.readEvents(templateArn);
    const prefix = templateArn.slice(0, templateArn.lastIndexOf(':') + 1);
    const copy = (i) => {
      const name = `fill-${i}`;
      const executionArn = `${prefix}${name}`;
      const renamed = events.map((recorded) =>
        recorded.facts.execution !== undefined
          ? {
              ...recorded,
              facts: { ...recorded.facts, execution: { ...recorded.facts.execution, executionArn, name } },
            }
          : recorded,
      );
      return store.createExecution({ ...summary, executionArn, name }, renamed);
    };
    // A batch of writes at a time: the store commits the writes made in one turn together.
    for (let i = from; i < to; i += FILL_BATCH) {
      await Promise.all(Array.from({ length: Math.min(FILL_BATCH, to - i) }, (_, offset) => copy(i + offset)));
    }
  } finally {
    await store.close();
  }
}
