import { firstValueFrom, filter, timeout } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { StepFunctions } from '@statefold/core';
import { postgresStore } from './index.js';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from './testing/index.js';

// An embedded engine on a store configured as a node, on the real clock: its leases are renewed
// from the start, so an execution outliving several lease times still ends, with or without recover().

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

describe('StepFunctions on a PostgreSQL node store', () => {
  it('keeps the lease of an execution it started past several lease times without being asked to recover', async () => {
    const schema = uniqueSchema('embedded');
    schemas.push(schema);
    const store = await postgresStore({ connectionString: testDatabaseUrl, schema, node: { leaseMs: 300 } });
    const sfn = new StepFunctions({ store });
    const { stateMachineArn } = await sfn.createStateMachine({
      name: 'wait',
      roleArn: 'arn:aws:iam::123456789012:role/statefold-test',
      definition: JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } }),
    });
    const { executionArn } = await sfn.startExecution({ stateMachineArn, name: 'long' });
    const ended = await firstValueFrom(
      sfn.engine.events$.pipe(
        filter((appended) => appended.executionArn === executionArn && appended.event.type === 'ExecutionSucceeded'),
        timeout(15_000),
      ),
    );
    expect(ended.event.id).toBe(4);
    await sfn.close();
    await store.close();
  });
});
