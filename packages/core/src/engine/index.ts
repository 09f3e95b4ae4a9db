export { ActivityQueue, type QueuedActivityTask } from './activity-queue.js';
export { Engine, type EngineOptions } from './engine.js';
export type * from './engine-api.js';
export type * from './ports.js';
export { EngineShutdown } from './ports.js';
export { systemClock, systemRandomness } from './system-clock.js';
export { withSdkMetadata, type SdkHttpResponse } from './sdk-response.js';
