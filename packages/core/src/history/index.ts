export type * from './events.js';
export type { ExecutionStatus } from './execution-status.js';
export { hasFacts, NO_FACTS, type EventFacts, type RecordedEvent } from './recorded-event.js';
export { canonicalJson } from './canonical-json.js';
export { chainHashes, definitionSha256, GENESIS_HASH, hashEvent } from './event-hash.js';
