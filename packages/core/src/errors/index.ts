export * from './api-errors.js';
export { StatesFailure } from './states-failure.js';
export { StepFunctionsError, isStepFunctionsError } from './step-functions-error.js';
