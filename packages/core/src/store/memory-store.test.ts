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
});
