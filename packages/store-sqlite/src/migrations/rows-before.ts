import type { ExecutionSummary } from '@statefold/core';
import { toExecutionRow, type ExecutionsTable, type StoreTables } from '@statefold/store-sql';

/** The columns migrations 0005 (versions and aliases), 0006 (redrive) and 0007 (Map Runs) added to `executions`. */
type ColumnsSince0005 =
  | 'state_machine_version_arn'
  | 'state_machine_alias_arn'
  | 'redrive_count'
  | 'redrive_date'
  | 'redrivable'
  | 'map_run_arn';

/** An `executions` row as the schema before migration 0005 held it: what tests of older files write. */
export function executionRowBefore0005(summary: ExecutionSummary): Omit<ExecutionsTable, ColumnsSince0005> {
  const {
    state_machine_version_arn: _version,
    state_machine_alias_arn: _alias,
    redrive_count: _count,
    redrive_date: _date,
    redrivable: _redrivable,
    map_run_arn: _mapRun,
    ...row
  } = toExecutionRow(summary);
  return row;
}

/** The tables as the schema before migration 0005 held them. */
export type StoreTablesBefore0005 = Omit<StoreTables, 'executions'> & {
  readonly executions: ReturnType<typeof executionRowBefore0005>;
};
