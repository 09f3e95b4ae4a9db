export * from './asl/index.js';
export * from './data/index.js';
export * from './choice/index.js';
export * from './errors/index.js';
export * from './history/index.js';
export * from './store/index.js';
export type * from './engine/index.js';
export * from './service/index.js';
