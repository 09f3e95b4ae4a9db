export { ActivityQueue, type QueuedActivityTask } from './activity-queue.js';
export { Engine, type EngineOptions } from './engine.js';
export type * from './engine-api.js';
export type * from './ports.js';
export { systemClock, systemRandomness } from './system-clock.js';
export { invokeTask, type TaskInvokerContext } from './task-invoker.js';
