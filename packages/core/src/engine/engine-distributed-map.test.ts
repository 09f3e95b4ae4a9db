import { describe, expect, it } from 'vitest';
import { InvalidArn, ResourceNotFound, ValidationException } from '../errors/index.js';
import { memoryStore } from '../store/index.js';
import { createServiceFixture, type ServiceFixture } from '../testing/service-fixture.js';

// A Map whose ItemProcessor runs DISTRIBUTED: a Map Run in the parent's history, and one child
// execution (with its own ARN and history) per item or batch.

const distributed = (processor: object, fields: object = {}) => ({
  StartAt: 'Fanout',
  States: {
    Fanout: {
      Type: 'Map',
      End: true,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...processor },
      ...fields,
    },
  },
});
const double = {
  StartAt: 'Double',
  States: { Double: { Type: 'Pass', Parameters: { 'twice.$': 'States.MathAdd($, $)' }, End: true } },
};
const waitThenFailOnNegative = {
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: 10, Next: 'Check' },
    Check: { Type: 'Choice', Choices: [{ Variable: '$', NumericLessThan: 0, Next: 'Fail' }], Default: 'Done' },
    Fail: { Type: 'Fail', Error: 'Negative', Cause: 'a negative item' },
    Done: { Type: 'Succeed' },
  },
};

async function mapRunOf(f: ServiceFixture, executionArn: string): Promise<string> {
  const { mapRuns } = await f.sfn.listMapRuns({ executionArn });
  const arn = mapRuns[0]?.mapRunArn;
  if (arn === undefined) throw new Error('no Map Run');
  return arn;
}

describe('Distributed Map', () => {
  it('runs every item as a child execution and outputs their results in item order', async () => {
    const f = createServiceFixture(memoryStore());
    const machine = await f.createStateMachine(distributed(double), 'Doubler');
    const arn = await f.start(machine, [1, 2, 3]);
    expect(await f.describe(arn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '[{"twice":2},{"twice":4},{"twice":6}]',
    });
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'MapStateEntered'],
      [3, 2, 'MapStateStarted'],
      [4, 3, 'MapRunStarted'],
      [5, 4, 'MapRunSucceeded'],
      [6, 5, 'MapStateSucceeded'],
      [7, 4, 'MapStateExited'],
      [8, 7, 'ExecutionSucceeded'],
    ]);
    const mapRunArn = await mapRunOf(f, arn);
    expect(mapRunArn).toMatch(/^arn:aws:states:us-east-1:123456789012:mapRun:Doubler\/Fanout:[0-9a-f-]{36}$/);
    const { executions } = await f.sfn.listExecutions({ mapRunArn });
    expect(executions).toHaveLength(3);
    for (const child of executions) {
      expect(child).toMatchObject({ status: 'SUCCEEDED', mapRunArn, itemCount: 1 });
      expect(child.executionArn).toMatch(
        /^arn:aws:states:us-east-1:123456789012:execution:Doubler\/Fanout:[0-9a-f-]{36}$/,
      );
      expect(child.stateMachineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:Doubler/Fanout');
      expect(await f.describe(child.executionArn)).toMatchObject({ mapRunArn });
      expect(await f.types(child.executionArn)).toEqual([
        'ExecutionStarted',
        'PassStateEntered',
        'PassStateExited',
        'ExecutionSucceeded',
      ]);
    }
    expect(await f.sfn.describeMapRun({ mapRunArn })).toMatchObject({
      executionArn: arn,
      status: 'SUCCEEDED',
      maxConcurrency: 0,
      itemCounts: { succeeded: 3, total: 3, pending: 0, running: 0 },
      executionCounts: { succeeded: 3, total: 3 },
    });
    expect(f.errors).toEqual([]);
  });

  it('runs at most MaxConcurrency children at once, and UpdateMapRun raises the limit', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(distributed(waitThenFailOnNegative, { MaxConcurrency: 2, Label: 'Slow' }), [1, 2, 3, 4, 5]);
    const mapRunArn = await mapRunOf(f, arn);
    expect(mapRunArn).toContain(':mapRun:machine-1/Slow:');
    expect(await f.sfn.describeMapRun({ mapRunArn })).toMatchObject({
      status: 'RUNNING',
      maxConcurrency: 2,
      itemCounts: { running: 2, pending: 3, total: 5 },
    });
    await f.sfn.updateMapRun({ mapRunArn, maxConcurrency: 3 });
    await f.clock.settle();
    expect((await f.sfn.describeMapRun({ mapRunArn })).itemCounts).toMatchObject({ running: 3, pending: 2 });
    await f.clock.advance(10_000);
    await f.clock.advance(10_000);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '[1,2,3,4,5]' });
    expect(await f.sfn.describeMapRun({ mapRunArn })).toMatchObject({ status: 'SUCCEEDED', maxConcurrency: 3 });
  });

  it('fails with States.ExceedToleratedFailureThreshold once failures pass what it tolerates', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(distributed(waitThenFailOnNegative, { ToleratedFailureCount: 1 }), [1, -1, 2, -2]);
    await f.clock.advance(10_000);
    expect(await f.describe(arn)).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    expect(await f.types(arn)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
    const mapRunArn = await mapRunOf(f, arn);
    expect((await f.sfn.describeMapRun({ mapRunArn })).status).toBe('FAILED');
  });

  it('succeeds with the failed items as null while failures stay within ToleratedFailurePercentage', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(distributed(waitThenFailOnNegative, { ToleratedFailurePercentage: 50 }), [1, -1, 2, 3]);
    await f.clock.advance(10_000);
    expect(await f.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '[1,null,2,3]' });
  });

  it('gives each child a batch of selected items with the ItemBatcher', async () => {
    const f = createServiceFixture(memoryStore());
    const echo = { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } };
    const arn = await f.run(
      distributed(echo, {
        ItemsPath: '$.items',
        ItemSelector: { 'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
        ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'run.$': '$.run' } },
      }),
      { run: 'r1', items: ['a', 'b', 'c'] },
    );
    expect(JSON.parse((await f.describe(arn)).output ?? 'null')).toEqual([
      {
        BatchInput: { run: 'r1' },
        Items: [
          { value: 'a', index: 0 },
          { value: 'b', index: 1 },
        ],
      },
      { BatchInput: { run: 'r1' }, Items: [{ value: 'c', index: 2 }] },
    ]);
    const mapRunArn = await mapRunOf(f, arn);
    const { executions } = await f.sfn.listExecutions({ mapRunArn });
    expect(executions.map((child) => child.itemCount).sort()).toEqual([1, 2]);
    expect(await f.sfn.describeMapRun({ mapRunArn })).toMatchObject({
      itemCounts: { succeeded: 3, total: 3 },
      executionCounts: { succeeded: 2, total: 2 },
    });
  });

  it('aborts the Map Run and its running children when the parent is stopped', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(distributed(waitThenFailOnNegative), [1, 2]);
    const mapRunArn = await mapRunOf(f, arn);
    await f.sfn.stopExecution({ executionArn: arn });
    await f.clock.settle();
    expect((await f.types(arn)).slice(-3)).toEqual(['MapRunAborted', 'MapStateAborted', 'ExecutionAborted']);
    const { executions } = await f.sfn.listExecutions({ mapRunArn });
    expect(executions.map((child) => child.status)).toEqual(['ABORTED', 'ABORTED']);
    expect((await f.sfn.describeMapRun({ mapRunArn })).status).toBe('ABORTED');
  });

  it('resumes a Map Run after a restart, running each item exactly once', async () => {
    const store = memoryStore();
    const first = createServiceFixture(store);
    const arn = await first.run(distributed(waitThenFailOnNegative, { MaxConcurrency: 2 }), [1, 2, 3, 4]);
    await first.clock.advance(10_000);
    await first.sfn.close();
    const second = createServiceFixture(store, { clock: first.clock, uuidPrefix: '11111111' });
    await second.sfn.engine.recover();
    await second.clock.advance(10_000);
    await second.clock.advance(10_000);
    expect(await second.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '[1,2,3,4]' });
    const { executions } = await second.sfn.listExecutions({ mapRunArn: await mapRunOf(second, arn) });
    expect(executions).toHaveLength(4);
    expect(second.errors).toEqual([]);
  });

  it('refuses an ItemReader, which statefold cannot read yet, as the Map state failure', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      distributed(double, {
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } },
      }),
    );
    expect(await f.describe(arn)).toMatchObject({ status: 'FAILED', error: 'States.ItemReaderFailed' });
  });
});

describe('Map Run operations', () => {
  it('answer AWS errors for bad ARNs, unknown Map Runs and empty or ended updates', async () => {
    const f = createServiceFixture(memoryStore());
    const unknown = 'arn:aws:states:us-east-1:123456789012:mapRun:m/Fanout:0f4b';
    await expect(f.sfn.describeMapRun({ mapRunArn: 'not-an-arn' })).rejects.toBeInstanceOf(InvalidArn);
    await expect(
      f.sfn.describeMapRun({ mapRunArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e' }),
    ).rejects.toBeInstanceOf(InvalidArn);
    await expect(f.sfn.describeMapRun({ mapRunArn: unknown })).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(f.sfn.listExecutions({ mapRunArn: unknown })).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(f.sfn.updateMapRun({ mapRunArn: unknown, maxConcurrency: 1 })).rejects.toBeInstanceOf(
      ResourceNotFound,
    );
    await expect(f.sfn.updateMapRun({ mapRunArn: unknown })).rejects.toThrow(ValidationException);
    await expect(f.sfn.updateMapRun({ mapRunArn: unknown, toleratedFailurePercentage: 101 })).rejects.toThrow(
      /toleratedFailurePercentage/,
    );
    const arn = await f.run(distributed(double), [1]);
    const mapRunArn = await mapRunOf(f, arn);
    await expect(f.sfn.updateMapRun({ mapRunArn, maxConcurrency: 1 })).rejects.toBeInstanceOf(ValidationException);
    await expect(
      f.sfn.listMapRuns({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:none' }),
    ).rejects.toThrow(/Execution Does Not Exist/);
  });
});
