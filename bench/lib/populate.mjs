// Fills a SQLite store file with executions copied from one the server ran (same summary row, same
// event rows, another name), through the Store port: the "100,000 executions stored" condition
// without 100,000 synced HTTP round trips.

import { sqliteStore } from '@statefold/store-sqlite';

/** Adds copies of `templateArn` named fill-<from>… until `to` executions of the state machine are stored. */
export async function populateSqlite(filename, stateMachineArn, templateArn, from, to) {
  // NORMAL only for filling: the measured server reopens the file at its default, FULL.
  const store = await sqliteStore({ filename, synchronous: 'NORMAL' });
  try {
    const summary = await store.getExecution(templateArn);
    if (summary === undefined || summary.stateMachineArn !== stateMachineArn) throw new Error(`No template execution ${templateArn}`);
    const events = await store.readEvents(templateArn);
    const prefix = templateArn.slice(0, templateArn.lastIndexOf(':') + 1);
    for (let i = from; i < to; i += 1) {
      const name = `fill-${i}`;
      const executionArn = `${prefix}${name}`;
      const renamed = events.map((event) =>
        event.type === 'ExecutionStarted' && event.statefold?.execution !== undefined
          ? { ...event, statefold: { ...event.statefold, execution: { ...event.statefold.execution, executionArn, name } } }
          : event,
      );
      await store.createExecution({ ...summary, executionArn, name }, renamed);
    }
  } finally {
    await store.close();
  }
}
