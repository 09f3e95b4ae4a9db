export { ActivityQueue, type QueuedActivityTask } from './activity-queue.js';
export { Engine, type EngineOptions } from './engine.js';
export { KeyedMutex } from './keyed-mutex.js';
export { qualifiersOf } from './live-execution.js';
export type * from './engine-api.js';
export type * from './ports.js';
export { systemClock, systemRandomness } from './system-clock.js';
export { ExecutionRunFailed } from './execution-run-failed.js';
