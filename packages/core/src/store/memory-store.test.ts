import { describe, expect, it } from 'vitest';
import { describeStoreContract, executionSummary, historyEvents } from '../testing/index.js';
import { MemoryStore, memoryStore } from './index.js';

describeStoreContract('MemoryStore', () => new MemoryStore());

describe('memoryStore', () => {
  it('creates independent empty stores', async () => {
    const first = memoryStore();
    const second = memoryStore();
    const summary = executionSummary();
    await first.createExecution(summary, historyEvents(1, 1));
    expect(await first.getExecution(summary.executionArn)).toEqual(summary);
    expect(await second.getExecution(summary.executionArn)).toBeUndefined();
  });

  it('keeps the events it is given frozen and hands those out, so no reader can change a history', async () => {
    const store = memoryStore();
    const summary = executionSummary({ lastEventId: 2 });
    const given = structuredClone(historyEvents(1, 2));
    await store.createExecution(summary, given);
    const [first] = await store.readEvents(summary.executionArn);
    expect(first?.event).toBe(given[0]?.event);
    expect(first?.facts).toBe(given[0]?.facts);
    expect(Object.isFrozen(first?.event)).toBe(true);
    const event = first?.event;
    expect(event?.type === 'ExecutionStarted' && Object.isFrozen(event.executionStartedEventDetails)).toBe(true);
    expect(Object.isFrozen(first?.facts)).toBe(true);
    expect(() => Object.assign(event ?? {}, { type: 'ExecutionFailed' })).toThrow(TypeError);
    expect(await store.readEvents(summary.executionArn)).toEqual(historyEvents(1, 2));
  });
});
