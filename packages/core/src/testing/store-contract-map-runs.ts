import { describe, expect, it } from 'vitest';
import type { MapRunRecord } from '../store/index.js';
import { collectPages } from './store-contract-listing.js';
import { executionArn, executionSummary, historyEvents, isoAt, stateMachineArn } from './store-test-data.js';
import type { StoreUnderTest } from './store-under-test.js';

const parentArn = executionArn('Fanout', 'parent');
const labelledArn = `${stateMachineArn('Fanout')}/Items`;

function mapRun(id: string, startedAtMs: number, overrides: Partial<MapRunRecord> = {}): MapRunRecord {
  return {
    mapRunArn: `arn:aws:states:us-east-1:123456789012:mapRun:Fanout/Items:${id}`,
    executionArn: parentArn,
    stateMachineArn: labelledArn,
    status: 'RUNNING',
    startDate: isoAt(startedAtMs),
    maxConcurrency: 10,
    toleratedFailureCount: 0,
    toleratedFailurePercentage: 0,
    itemCount: 3,
    batched: false,
    ...overrides,
  };
}

/** Map Run records, and child executions listed by the Map Run that started them. */
export function describeMapRunsContract({ store }: StoreUnderTest): void {
  describe('Map Runs', () => {
    it('stores a Map Run, gives it back, and replaces it on a second put', async () => {
      const record = mapRun('a', 0, { toleratedFailurePercentage: 12.5, batched: true });
      await store().putMapRun(record);
      expect(await store().getMapRun(record.mapRunArn)).toEqual(record);
      const ended = { ...record, status: 'SUCCEEDED' as const, stopDate: isoAt(5), maxConcurrency: 0 };
      await store().putMapRun(ended);
      expect(await store().getMapRun(record.mapRunArn)).toEqual(ended);
      expect(await store().getMapRun(`${record.mapRunArn}x`)).toBeUndefined();
    });

    it("lists an execution's Map Runs newest first, in pages, and no other execution's", async () => {
      for (let index = 0; index < 5; index++) await store().putMapRun(mapRun(`run-${index}`, index * 10));
      await store().putMapRun(mapRun('other', 3, { executionArn: executionArn('Fanout', 'other') }));
      const { items, pages } = await collectPages(2, (page) => store().listMapRuns(parentArn, page));
      expect(items.map((record) => record.mapRunArn.slice(-5))).toEqual(['run-4', 'run-3', 'run-2', 'run-1', 'run-0']);
      expect(pages).toBe(3);
      expect((await store().listMapRuns(executionArn('Fanout', 'none'), { limit: 10 })).items).toEqual([]);
    });

    it('keeps the Map Run of a child execution and lists the children by it', async () => {
      const run = mapRun('children', 0);
      const child = (name: string, at: number, mapRunArn?: string) =>
        executionSummary({
          executionArn: `arn:aws:states:us-east-1:123456789012:execution:Fanout/Items:${name}`,
          stateMachineArn: labelledArn,
          name,
          startDate: isoAt(at),
          ...(mapRunArn === undefined ? {} : { mapRunArn }),
        });
      await store().createExecution(child('c1', 1, run.mapRunArn), historyEvents(1, 1));
      await store().createExecution(child('c2', 2, run.mapRunArn), historyEvents(1, 1));
      await store().createExecution(child('c3', 3, `${run.mapRunArn}-other`), historyEvents(1, 1));
      await store().createExecution(child('plain', 4), historyEvents(1, 1));
      const done = {
        ...child('c1', 1, run.mapRunArn),
        status: 'SUCCEEDED' as const,
        stopDate: isoAt(9),
        lastEventId: 2,
      };
      await store().append(done.executionArn, 1, historyEvents(2, 1), done);
      expect((await store().getExecution(done.executionArn))?.mapRunArn).toBe(run.mapRunArn);
      const listed = await store().listExecutions({
        stateMachineArn: labelledArn,
        mapRunArn: run.mapRunArn,
        limit: 10,
      });
      expect(listed.items.map((summary) => summary.name)).toEqual(['c2', 'c1']);
      const succeeded = await store().listExecutions({
        stateMachineArn: labelledArn,
        mapRunArn: run.mapRunArn,
        status: 'SUCCEEDED',
        limit: 10,
      });
      expect(succeeded.items.map((summary) => summary.name)).toEqual(['c1']);
    });
  });
}
