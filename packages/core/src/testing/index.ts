export { describeStoreContract } from './store-contract.js';
export type { StoreUnderTest } from './store-under-test.js';
export { collectPages } from './store-contract-listing.js';
export {
  activityArn,
  activityRecord,
  executionArn,
  executionSummary,
  historyEvents,
  isoAt,
  jsonOfSize,
  stateMachineArn,
  stateMachineRecord,
  stateMachineRevision,
  variedHistory,
} from './store-test-data.js';
export { FakeClock } from './fake-clock.js';
export { InProcessLambda } from './in-process-lambda.js';
export { given, givenEvents, when, type EnvAt, type Given, type Then, type TimedTrigger } from './given-when-then.js';
