// A Distributed Map over 10,000 items whose child workflow is one Pass state, on a SQLite file
// (synchronous=FULL): items per second from StartExecution to the parent's end, and the size of
// the parent's history and of the children's. Prints one JSON line. Usage: distributed-map.mjs <dir> [items]

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StepFunctions } from '@statefold/core';
import { sqliteStore } from '@statefold/store-sqlite';
import { ExecutionOutcomes } from './lib/engines.mjs';

const [dir, itemsArg] = process.argv.slice(2);
const itemCount = Number(itemsArg ?? 10_000);
const store = await sqliteStore({ filename: join(dir, 'distributed-map.db') });
const sfn = new StepFunctions({ store });
const outcomes = new ExecutionOutcomes(sfn.engine.events$);
const definition = {
  StartAt: 'Fanout',
  States: {
    Fanout: {
      Type: 'Map',
      End: true,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Pass',
        States: { Pass: { Type: 'Pass', End: true } },
      },
    },
  },
};
try {
  const { stateMachineArn } = await sfn.createStateMachine({
    name: 'distributed-map',
    definition: JSON.stringify(definition),
    roleArn: 'arn:aws:iam::123456789012:role/statefold-bench',
  });
  const items = Array.from({ length: itemCount }, (_, index) => index);
  const began = performance.now();
  const { executionArn } = await sfn.startExecution({ stateMachineArn, input: JSON.stringify(items) });
  const output = JSON.parse(await outcomes.output(executionArn));
  const seconds = (performance.now() - began) / 1000;
  if (output.length !== itemCount || output.some((value, index) => value !== index))
    throw new Error('The Map output does not hold every item in order');
  const parentEvents = (await store.readEvents(executionArn)).length;
  const { mapRuns } = await sfn.listMapRuns({ executionArn });
  const mapRunArn = mapRuns[0]?.mapRunArn;
  let children = 0;
  let childEvents = 0;
  let nextToken;
  do {
    const page = await sfn.listExecutions({ mapRunArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
    for (const child of page.executions) {
      children += 1;
      childEvents += (await store.readEvents(child.executionArn)).length;
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  process.stdout.write(
    `${JSON.stringify({ items: itemCount, seconds, itemsPerSecond: itemCount / seconds, parentEvents, children, childEvents })}\n`,
  );
} finally {
  outcomes.close();
  await sfn.close();
  await store.close();
}
