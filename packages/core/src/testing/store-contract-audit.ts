import { describe, expect, it } from 'vitest';
import { verifyChain } from '../audit/index.js';
import { chainHashes } from '../history/index.js';
import type { StoreUnderTest } from './store-under-test.js';
import { executionSummary, historyEvents, isoAt, stateMachineArn, variedHistory } from './store-test-data.js';

/**
 * The audit capabilities (`readStoredEvents`, `listAllExecutions`): checked only on a store that
 * declares them, since they are optional on the port.
 */
export function describeAuditContract({ store }: StoreUnderTest): void {
  describe('audit hash chain', () => {
    it('chains the hashes of events created and appended in separate writes', async () => {
      const read = store().readStoredEvents?.bind(store());
      if (read === undefined) return;
      const summary = executionSummary({ lastEventId: 3 });
      await store().createExecution(summary, historyEvents(1, 3));
      await store().append(summary.executionArn, 3, historyEvents(4, 4), { ...summary, lastEventId: 7 });
      const stored = await read(summary.executionArn);
      expect(stored.map(({ event, facts }) => ({ event, facts }))).toEqual(historyEvents(1, 7));
      expect(stored.map(({ hash }) => hash)).toEqual(chainHashes(summary.executionArn, historyEvents(1, 7)));
      expect(verifyChain(summary.executionArn, stored, 7).problem).toBeUndefined();
    });

    it('hashes each event together with its facts', async () => {
      const read = store().readStoredEvents?.bind(store());
      if (read === undefined) return;
      const events = variedHistory('{"a":1}');
      const summary = executionSummary({ lastEventId: events.length });
      await store().createExecution(summary, events);
      const stored = await read(summary.executionArn);
      expect(stored.map(({ event, facts }) => ({ event, facts }))).toEqual(events);
      expect(stored.map(({ hash }) => hash)).toEqual(chainHashes(summary.executionArn, events));
      const withoutFacts = events.map(({ event }) => ({ event, facts: {} }));
      expect(stored[0]?.hash).not.toBe(chainHashes(summary.executionArn, withoutFacts)[0]);
    });

    it('ranges stored events as readEvents does', async () => {
      const read = store().readStoredEvents?.bind(store());
      if (read === undefined) return;
      const summary = executionSummary({ lastEventId: 6 });
      await store().createExecution(summary, historyEvents(1, 6));
      const ids = async (range: Parameters<typeof read>[1]): Promise<number[]> =>
        (await read(summary.executionArn, range)).map(({ event }) => event.id);
      expect(await ids({ after: 2, limit: 2 })).toEqual([3, 4]);
      expect(await ids({ after: 5, reverse: true, limit: 2 })).toEqual([4, 3]);
      expect(await read('arn:aws:states:us-east-1:123456789012:execution:none:none')).toEqual([]);
    });
  });

  describe('listAllExecutions', () => {
    it('lists the executions of every state machine newest first, by status, in pages', async () => {
      const list = store().listAllExecutions?.bind(store());
      if (list === undefined) return;
      const a = executionSummary({ name: 'a', startDate: isoAt(1000) });
      const b = executionSummary({
        name: 'b',
        startDate: isoAt(3000),
        stateMachineArn: stateMachineArn('Other'),
        status: 'SUCCEEDED',
      });
      const c = executionSummary({ name: 'c', startDate: isoAt(2000) });
      for (const summary of [a, b, c]) await store().createExecution(summary, historyEvents(1, 1));
      const first = await list({ limit: 2 });
      expect(first.items.map((s) => s.name)).toEqual(['b', 'c']);
      const second = await list({ limit: 2, ...(first.cursor !== undefined ? { cursor: first.cursor } : {}) });
      expect(second.items.map((s) => s.name)).toEqual(['a']);
      expect(second.cursor).toBeUndefined();
      expect((await list({ limit: 10, status: 'RUNNING' })).items.map((s) => s.name)).toEqual(['c', 'a']);
      await store().append(c.executionArn, 1, historyEvents(2, 1), { ...c, status: 'FAILED', lastEventId: 2 });
      expect((await list({ limit: 10, status: 'RUNNING' })).items.map((s) => s.name)).toEqual(['a']);
    });
  });
}
