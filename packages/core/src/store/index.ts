export * from './store.js';
export * from './store-errors.js';
export { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';
export { MemoryStore, memoryStore } from './memory-store.js';
export * from './store-error-names.js';
