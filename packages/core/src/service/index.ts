export type * from './api-types.js';
export {
  activityArn,
  executionArn,
  parseArnOfType,
  parseStatesArn,
  stateMachineArn,
  type ArnScope,
  type StatesArn,
  type StatesResourceType,
} from './arns.js';
export { createExecutionEngine, type ExecutionEngineDependencies } from './create-execution-engine.js';
export { isValidName } from './names.js';
export type { ServiceLimits } from './service-context.js';
export { StepFunctions, type StepFunctionsOptions } from './step-functions.js';
