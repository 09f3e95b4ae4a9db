export {
  exportExecutionLines,
  ExportFileError,
  parseExportLines,
  type ExportedExecution,
  type ExportLine,
} from './export-lines.js';
export { importExecution, type ImportOutcome } from './import-execution.js';
export { verifyChain, type ChainProblem, type ChainVerification } from './verify-chain.js';
