export { ActivityQueue, type QueuedActivityTask } from './activity-queue.js';
export { Engine, type EngineOptions } from './engine.js';
export { KeyedMutex } from './keyed-mutex.js';
export { qualifiersOf } from './live-execution.js';
export type * from './engine-api.js';
export type * from './ports.js';
export { EngineShutdown } from './ports.js';
export { systemClock, systemRandomness } from './system-clock.js';
export { ExecutionRunFailed } from './execution-run-failed.js';
export * from './lambda/index.js';
export { invokeTask, type TaskInvokerContext, type TaskOutcome } from './task-invoker.js';
export {
  InvalidMockConfig,
  assertTestCaseFits,
  parseMockConfig,
  requireTestCase,
  type MockConfig,
  type MockConfigFile,
  type MockedInvocation,
  type MockedRange,
  type MockTestCase,
  type MockTestCaseFile,
} from './mock-config.js';
export { withSdkMetadata, type SdkHttpResponse } from './sdk-response.js';
