// A program a user writes against the installed tarballs (test/packages/tarballs.test.ts copies it
// into a fresh project and compiles it with skipLibCheck: false): the embedded engine on a SQLite
// file, with a Map of in-process Lambda Tasks, a Wait, and a Task whose failure a Catch handles.
import { join } from 'node:path';
import { StepFunctions, createInProcessLambda, type DescribeExecutionOutput } from '@statefold/core';
import type { FakeClock } from '@statefold/core/testing';
import type { createServer } from '@statefold/server';
import { memoryStore } from '@statefold/store-memory';
import { sqliteStore } from '@statefold/store-sqlite';

// Every package's public types must resolve for a strict consumer, not only the ones used here.
export type Unused = [FakeClock, typeof createServer, typeof memoryStore];

class ShippingUnavailable extends Error {
  override name = 'ShippingUnavailable';
}

const directory = process.argv[2] ?? '.';
const store = await sqliteStore({ filename: join(directory, 'data', 'statefold.db') });
const sfn = new StepFunctions({
  store,
  lambda: createInProcessLambda({
    Price: (item) => ({ item, price: 10 }),
    Ship: () => {
      throw new ShippingUnavailable('no courier today');
    },
  }),
});
await sfn.recover();

const { stateMachineArn } = await sfn.createStateMachine({
  name: 'consumer-orders',
  roleArn: 'arn:aws:iam::123456789012:role/statefold',
  definition: JSON.stringify({
    StartAt: 'PriceEach',
    States: {
      PriceEach: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Price',
          States: {
            Price: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Price', End: true },
          },
        },
        ResultPath: '$.priced',
        Next: 'Pause',
      },
      Pause: { Type: 'Wait', Seconds: 1, Next: 'Ship' },
      Ship: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'Ship', 'Payload.$': '$' },
        Catch: [{ ErrorEquals: ['ShippingUnavailable'], ResultPath: '$.shipping', Next: 'Later' }],
        End: true,
      },
      Later: { Type: 'Pass', Parameters: { 'priced.$': '$.priced', 'error.$': '$.shipping.Error' }, End: true },
    },
  }),
});
const { executionArn } = await sfn.startExecution({ stateMachineArn, input: JSON.stringify({ items: ['a', 'b'] }) });

// As with AWS, a caller learns that an execution ended by describing it.
let described: DescribeExecutionOutput = await sfn.describeExecution({ executionArn });
while (described.status === 'RUNNING') {
  await new Promise((resolve) => setTimeout(resolve, 50));
  described = await sfn.describeExecution({ executionArn });
}
const history = await sfn.getExecutionHistory({ executionArn, maxResults: 1000 });
console.log(JSON.stringify({ status: described.status, output: described.output, events: history.events.length }));

await sfn.close();
await store.close();
