import type { ExecutionSummary } from '@statefold/core';
import { toExecutionRow, type ExecutionsTable, type StoreTables } from '../rows.js';

/** The columns migration 0005 added to `executions`. */
type RedriveColumns = 'redrive_count' | 'redrive_date' | 'redrivable';

/** An `executions` row as the schema before migration 0005 held it: what tests of older files write. */
export function executionRowBefore0005(summary: ExecutionSummary): Omit<ExecutionsTable, RedriveColumns> {
  const { redrive_count: _count, redrive_date: _date, redrivable: _redrivable, ...row } = toExecutionRow(summary);
  return row;
}

/** The tables as the schema before migration 0005 held them. */
export type StoreTablesBefore0005 = Omit<StoreTables, 'executions'> & {
  readonly executions: ReturnType<typeof executionRowBefore0005>;
};
