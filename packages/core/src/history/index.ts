export type * from './events.js';
export type { ExecutionStatus } from './execution-status.js';
export { canonicalJson } from './canonical-json.js';
export { chainHashes, GENESIS_HASH, hashEvent } from './event-hash.js';
export { toWireEvent, type WireHistoryEvent } from './wire.js';
