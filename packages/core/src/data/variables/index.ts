export { evaluateAssign, type AssignSource } from './evaluate-assign.js';
export {
  MAX_ASSIGN_BYTES,
  MAX_TOTAL_VARIABLE_BYTES,
  MAX_VARIABLE_BYTES,
  serializeAssignedVariables,
} from './variable-limits.js';
