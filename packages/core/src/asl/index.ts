export type * from './model.js';
export { parseDefinition, validateDefinition, type DefinitionValidation } from './parse-definition.js';
export {
  formatDefinitionProblem,
  type DefinitionProblem,
  type DefinitionProblemCode,
} from './definition-problem.js';
export { isValidPath, isValidReferencePath, type PathRoots } from './jsonpath-syntax.js';
export { isJsonataExpression } from './jsonata-syntax.js';
export { MAX_SECONDS } from './field-reader.js';
export { classifyResource, isSyncResource, type TaskKind, type TaskResourceInfo } from './task-resource.js';
export { findExpressProblems } from './express-limits.js';
