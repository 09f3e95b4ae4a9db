export type * from './engine-api.js';
export type * from './ports.js';
