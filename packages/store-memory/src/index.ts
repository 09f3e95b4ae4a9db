export { MemoryStore, memoryStore } from './memory-store.js';
