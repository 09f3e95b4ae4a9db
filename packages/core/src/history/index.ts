export type * from './events.js';
export { toWireEvent, type WireHistoryEvent } from './wire.js';
