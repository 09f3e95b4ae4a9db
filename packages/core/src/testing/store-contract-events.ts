import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../history/index.js';
import type { ExecutionSummary } from '../store/index.js';
import type { StoreUnderTest } from './store-under-test.js';
import { executionSummary, historyEvents, jsonOfSize, variedHistory } from './store-test-data.js';

// Reaches into the first event's details so a test can mutate them behind the readonly types.
const startedDetails = (events: readonly RecordedEvent[]): object => {
  const first = events[0]?.event;
  return first?.type === 'ExecutionStarted' ? first.executionStartedEventDetails : {};
};

/** readEvents and the faithful round trip of events and summaries. */
export function describeEventsContract({ store }: StoreUnderTest): void {
  const createWithEvents = async (count: number): Promise<string> => {
    const summary = executionSummary({ lastEventId: count });
    await store().createExecution(summary, historyEvents(1, count));
    return summary.executionArn;
  };
  const ids = (events: readonly RecordedEvent[]): number[] => events.map(({ event }) => event.id);

  describe('readEvents', () => {
    it('returns every event in id order by default', async () => {
      const arn = await createWithEvents(7);
      expect(ids(await store().readEvents(arn))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('returns every event newest first when reversed', async () => {
      const arn = await createWithEvents(7);
      expect(ids(await store().readEvents(arn, { reverse: true }))).toEqual([7, 6, 5, 4, 3, 2, 1]);
    });

    it('returns only the events after a given id', async () => {
      const arn = await createWithEvents(7);
      expect(ids(await store().readEvents(arn, { after: 4 }))).toEqual([5, 6, 7]);
      expect(ids(await store().readEvents(arn, { after: 0 }))).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await store().readEvents(arn, { after: 7 })).toEqual([]);
    });

    it('returns only the events before a given id when reversed', async () => {
      const arn = await createWithEvents(7);
      expect(ids(await store().readEvents(arn, { reverse: true, after: 4 }))).toEqual([3, 2, 1]);
      expect(await store().readEvents(arn, { reverse: true, after: 1 })).toEqual([]);
    });

    it('returns at most limit events', async () => {
      const arn = await createWithEvents(7);
      expect(ids(await store().readEvents(arn, { limit: 3 }))).toEqual([1, 2, 3]);
      expect(ids(await store().readEvents(arn, { limit: 3, reverse: true }))).toEqual([7, 6, 5]);
      expect(ids(await store().readEvents(arn, { limit: 3, after: 5 }))).toEqual([6, 7]);
      expect(ids(await store().readEvents(arn, { limit: 1 }))).toEqual([1]);
    });

    it('pages through a whole history in both directions without gaps or repeats', async () => {
      const arn = await createWithEvents(23);
      for (const reverse of [false, true]) {
        const seen: number[] = [];
        let after: number | undefined;
        for (;;) {
          const page = await store().readEvents(
            arn,
            after === undefined ? { limit: 5, reverse } : { limit: 5, reverse, after },
          );
          if (page.length === 0) break;
          seen.push(...ids(page));
          after = page[page.length - 1]?.event.id;
        }
        const expected = Array.from({ length: 23 }, (_, index) => index + 1);
        expect(seen).toEqual(reverse ? expected.reverse() : expected);
      }
    });

    it('returns nothing for an unknown execution', async () => {
      const arn = executionSummary({ name: 'unknown' }).executionArn;
      expect(await store().readEvents(arn)).toEqual([]);
      expect(await store().readEvents(arn, { reverse: true, limit: 10 })).toEqual([]);
    });

    it('stores a long history written in one append', async () => {
      const created = executionSummary();
      await store().createExecution(created, historyEvents(1, 1));
      await store().append(created.executionArn, 1, historyEvents(2, 2999), { ...created, lastEventId: 3000 });
      expect(await store().readEvents(created.executionArn)).toEqual(historyEvents(1, 3000));
    });
  });

  describe('round trip', () => {
    it('gives back events of every shape, and their facts, exactly as they were stored', async () => {
      const events = variedHistory('{"greeting":"héllo wörld ✓ 🚀 \\u2028","nested":{"list":[1,2.5,-3e-7,true,null]}}');
      const summary = executionSummary({ lastEventId: events.length });
      await store().createExecution(summary, events);
      expect(await store().readEvents(summary.executionArn)).toEqual(events);
    });

    it('keeps every summary field, including unicode and optional ones', async () => {
      const summary: ExecutionSummary = executionSummary({
        name: 'exécution-名前-🙂',
        status: 'FAILED',
        stopDate: '2024-03-17T11:49:00.123Z',
        output: '{"ü":"ñ"}',
        error: 'States.TaskFailed',
        cause: 'Ошибка: "bad" \n\t',
        traceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1',
        stateMachineRevisionId: 'c8a3b9f4-9a8b-4d1c-9e2f-0123456789ab',
      });
      await store().createExecution(summary, historyEvents(1, 1));
      expect(await store().getExecution(summary.executionArn)).toEqual(summary);
    });

    it('stores 256 KiB inputs and outputs whole', async () => {
      const input = jsonOfSize(256 * 1024);
      const summary = executionSummary({ input, output: input, lastEventId: 3 });
      const events = historyEvents(1, 3, input);
      await store().createExecution(summary, events);
      const stored = await store().readEvents(summary.executionArn);
      expect(stored).toEqual(events);
      expect((await store().getExecution(summary.executionArn))?.input).toHaveLength(256 * 1024);
    });

    it('is not changed by mutating what was given to it or what it returned', async () => {
      const summary = { ...executionSummary({ lastEventId: 2 }) };
      const events = structuredClone(historyEvents(1, 2));
      await store().createExecution(summary, events);
      Object.assign(summary, { status: 'ABORTED' });
      // Events are copied or frozen: changing a frozen one fails, and either way the store keeps its own.
      mutateIfWritable(() => Object.assign(startedDetails(events), { input: '"changed"' }));
      mutateIfWritable(() => Object.assign(events[1]?.facts ?? {}, { thread: '/1.0' }));
      const read = await store().readEvents(summary.executionArn);
      mutateIfWritable(() => Object.assign(startedDetails(read), { input: '"changed again"' }));
      mutateIfWritable(() => Object.assign(read[1]?.facts ?? {}, { thread: '/1.1' }));
      Object.assign((await store().getExecution(summary.executionArn)) ?? {}, { lastEventId: 99 });
      expect(await store().readEvents(summary.executionArn)).toEqual(historyEvents(1, 2));
      expect(await store().getExecution(summary.executionArn)).toEqual(executionSummary({ lastEventId: 2 }));
    });
  });
}

/** Runs a mutation of something a store may have frozen: a TypeError (frozen) is as good as a change it ignores. */
function mutateIfWritable(mutate: () => void): void {
  try {
    mutate();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}
