export { canonicalJson } from './canonical-json.js';
export { chainHashes, GENESIS_HASH, hashEvent } from './event-hash.js';
export {
  exportExecutionLines,
  ExportFileError,
  parseExportLines,
  type ExportedExecution,
  type ExportLine,
} from './export-lines.js';
export { importExecution, type ImportOutcome } from './import-execution.js';
export { verifyChain, type ChainProblem, type ChainVerification } from './verify-chain.js';
