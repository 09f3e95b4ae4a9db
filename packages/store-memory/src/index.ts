// The memory store lives in @statefold/core (it is `new StepFunctions()`'s default store, and core
// cannot depend on a store package); this package keeps its name working for existing imports.
export { MemoryStore, memoryStore } from '@statefold/core';
