import { describe, expect, it } from 'vitest';
import * as core from '@statefold/core';
import { MemoryStore, memoryStore } from './index.js';

describe('@statefold/store-memory', () => {
  it('re-exports the memory store that @statefold/core defines', () => {
    expect(MemoryStore).toBe(core.MemoryStore);
    expect(memoryStore).toBe(core.memoryStore);
    expect(memoryStore()).toBeInstanceOf(core.MemoryStore);
  });
});
