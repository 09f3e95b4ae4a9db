import type { ExecutionSummary } from '@statefold/core';
import { toExecutionRow } from './rows.js';

/** An execution row as the schema before migration 0005 held it (no version or alias columns), for migration tests. */
export function executionRowBefore0005(summary: ExecutionSummary) {
  const { state_machine_version_arn: _version, state_machine_alias_arn: _alias, ...row } = toExecutionRow(summary);
  return row;
}
