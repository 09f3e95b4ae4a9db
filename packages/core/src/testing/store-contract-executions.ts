import { describe, expect, it } from 'vitest';
import { AppendConflict, ExecutionAlreadyStored } from '../store/index.js';
import type { StoreUnderTest } from './store-under-test.js';
import { executionSummary, historyEvents, isoAt } from './store-test-data.js';

/** createExecution, append and getExecution: the write path of an execution's history. */
export function describeExecutionContract({ store }: StoreUnderTest): void {
  describe('createExecution', () => {
    it('stores the summary and the first events', async () => {
      const summary = executionSummary({ lastEventId: 2 });
      const events = historyEvents(1, 2);
      await store().createExecution(summary, events);
      expect(await store().getExecution(summary.executionArn)).toEqual(summary);
      expect(await store().readEvents(summary.executionArn)).toEqual(events);
    });

    it('rejects an ARN that is already stored with ExecutionAlreadyStored and keeps the first execution', async () => {
      const summary = executionSummary();
      await store().createExecution(summary, historyEvents(1, 1));
      const duplicate = executionSummary({ input: '{"other":true}', lastEventId: 3 });
      const error = await store()
        .createExecution(duplicate, historyEvents(1, 3, '{"other":true}'))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExecutionAlreadyStored);
      expect(error).toMatchObject({ name: 'ExecutionAlreadyStored', executionArn: summary.executionArn });
      expect(await store().getExecution(summary.executionArn)).toEqual(summary);
      expect(await store().readEvents(summary.executionArn)).toEqual(historyEvents(1, 1));
    });

    it('keeps executions with different ARNs apart', async () => {
      const first = executionSummary({ name: 'first', lastEventId: 1 });
      const second = executionSummary({ name: 'second', lastEventId: 3 });
      await store().createExecution(first, historyEvents(1, 1));
      await store().createExecution(second, historyEvents(1, 3));
      expect(await store().readEvents(first.executionArn)).toHaveLength(1);
      expect(await store().readEvents(second.executionArn)).toHaveLength(3);
      expect(await store().getExecution(second.executionArn)).toEqual(second);
    });
  });

  describe('getExecution', () => {
    it('answers undefined for an unknown execution', async () => {
      expect(await store().getExecution(executionSummary({ name: 'nobody' }).executionArn)).toBeUndefined();
    });

    it('keeps optional summary fields absent when they were absent', async () => {
      const summary = executionSummary();
      await store().createExecution(summary, historyEvents(1, 1));
      const stored = await store().getExecution(summary.executionArn);
      expect(stored !== undefined && Object.keys(stored).sort()).toEqual(Object.keys(summary).sort());
    });
  });

  describe('append', () => {
    it('adds events after the expected last event and replaces the summary', async () => {
      const created = executionSummary();
      await store().createExecution(created, historyEvents(1, 1));
      const running = { ...created, lastEventId: 3 };
      await store().append(created.executionArn, 1, historyEvents(2, 2), running);
      const succeeded = {
        ...running,
        status: 'SUCCEEDED' as const,
        stopDate: isoAt(9),
        output: '{"done":true}',
        lastEventId: 6,
      };
      await store().append(created.executionArn, 3, historyEvents(4, 3), succeeded);
      const events = await store().readEvents(created.executionArn);
      expect(events.map(({ event }) => event.id)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(events).toEqual(historyEvents(1, 6));
      expect(await store().getExecution(created.executionArn)).toEqual(succeeded);
    });

    it('replaces the summary even when no event is appended', async () => {
      const created = executionSummary();
      await store().createExecution(created, historyEvents(1, 1));
      const traced = { ...created, traceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793' };
      await store().append(created.executionArn, 1, [], traced);
      expect(await store().getExecution(created.executionArn)).toEqual(traced);
      expect(await store().readEvents(created.executionArn)).toEqual(historyEvents(1, 1));
    });

    it('rejects a stale expected id with AppendConflict and writes nothing', async () => {
      const created = executionSummary({ lastEventId: 3 });
      await store().createExecution(created, historyEvents(1, 3));
      const error = await store()
        .append(created.executionArn, 2, historyEvents(3, 2), { ...created, status: 'FAILED', lastEventId: 4 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppendConflict);
      expect(error).toMatchObject({
        name: 'AppendConflict',
        executionArn: created.executionArn,
        expectedLastEventId: 2,
        actualLastEventId: 3,
      });
      expect(await store().readEvents(created.executionArn)).toEqual(historyEvents(1, 3));
      expect(await store().getExecution(created.executionArn)).toEqual(created);
    });

    it('rejects an expected id beyond the stored history with AppendConflict', async () => {
      const created = executionSummary();
      await store().createExecution(created, historyEvents(1, 1));
      const error = await store()
        .append(created.executionArn, 5, historyEvents(6, 1), { ...created, lastEventId: 6 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'AppendConflict', expectedLastEventId: 5, actualLastEventId: 1 });
      expect(await store().readEvents(created.executionArn)).toEqual(historyEvents(1, 1));
    });

    it('rejects an append to an unknown execution with AppendConflict and creates nothing', async () => {
      const summary = executionSummary({ name: 'never-created', lastEventId: 1 });
      const error = await store()
        .append(summary.executionArn, 0, historyEvents(1, 1), summary)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppendConflict);
      expect(error).toMatchObject({ executionArn: summary.executionArn, expectedLastEventId: 0 });
      expect((error as AppendConflict).actualLastEventId).toBeUndefined();
      expect(await store().getExecution(summary.executionArn)).toBeUndefined();
      expect(await store().readEvents(summary.executionArn)).toEqual([]);
    });

    it('lets exactly one of several concurrent appends with the same expected id win', async () => {
      const created = executionSummary();
      await store().createExecution(created, historyEvents(1, 1));
      const writers = [0, 1, 2, 3, 4].map((writer) => {
        const events = historyEvents(2, writer + 1, `{"writer":${writer}}`);
        return store().append(created.executionArn, 1, events, { ...created, lastEventId: writer + 2 });
      });
      const outcomes = await Promise.allSettled(writers);
      const winners = outcomes.flatMap((outcome, writer) => (outcome.status === 'fulfilled' ? [writer] : []));
      expect(winners).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(AppendConflict);
      }
      const winner = winners[0] ?? -1;
      const expected = [...historyEvents(1, 1), ...historyEvents(2, winner + 1, `{"writer":${winner}}`)];
      expect(await store().readEvents(created.executionArn)).toEqual(expected);
      expect(await store().getExecution(created.executionArn)).toMatchObject({ lastEventId: winner + 2 });
    });

    it('keeps the history of one execution apart from appends to another', async () => {
      const first = executionSummary({ name: 'first' });
      const second = executionSummary({ name: 'second' });
      await store().createExecution(first, historyEvents(1, 1));
      await store().createExecution(second, historyEvents(1, 1));
      await Promise.all([
        store().append(first.executionArn, 1, historyEvents(2, 4), { ...first, lastEventId: 5 }),
        store().append(second.executionArn, 1, historyEvents(2, 1), { ...second, lastEventId: 2 }),
      ]);
      expect(await store().readEvents(first.executionArn)).toEqual(historyEvents(1, 5));
      expect(await store().readEvents(second.executionArn)).toEqual(historyEvents(1, 2));
    });
  });
}
