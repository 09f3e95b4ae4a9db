import type { ExecutionStatus } from '../../history/index.js';
import type { MapRunRecord } from '../../store/index.js';
import type { DescribeMapRunInput, DescribeMapRunOutput, MapRunCounts } from '../api-types.js';
import { RequestValidator } from '../request-validator.js';
import { requireMapRun } from '../resources.js';
import type { ServiceContext } from '../service-context.js';

/**
 * DescribeMapRun: the Map Run's record, with its items and child executions counted by status from
 * the children's summary rows (an item no child has taken yet is pending). Read-only. Throws
 * `ValidationException`, `InvalidArn`, `ResourceNotFound`.
 */
export async function describeMapRun(
  context: ServiceContext,
  input: DescribeMapRunInput,
): Promise<DescribeMapRunOutput> {
  const validator = new RequestValidator();
  if (validator.required('mapRunArn', input.mapRunArn))
    validator.string('mapRunArn', input.mapRunArn, { min: 1, max: 2000 });
  validator.throwIfInvalid();

  const record = await requireMapRun(context, input.mapRunArn);
  const { itemCounts, executionCounts } = await countChildren(context, record);
  return {
    mapRunArn: record.mapRunArn,
    executionArn: record.executionArn,
    status: record.status,
    startDate: new Date(record.startDate),
    ...(record.stopDate === undefined ? {} : { stopDate: new Date(record.stopDate) }),
    maxConcurrency: record.maxConcurrency,
    toleratedFailurePercentage: record.toleratedFailurePercentage,
    toleratedFailureCount: record.toleratedFailureCount,
    itemCounts,
    executionCounts,
    redriveCount: 0,
  };
}

type Counts = { -readonly [K in keyof MapRunCounts]: MapRunCounts[K] };

const countOf: Readonly<Record<ExecutionStatus, keyof Counts | undefined>> = {
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timedOut',
  ABORTED: 'aborted',
  PENDING_REDRIVE: 'pendingRedrive',
};

/** The number of items a child execution processes: its input's `Items` with an ItemBatcher, else 1. */
export function itemCountOf(record: Pick<MapRunRecord, 'batched'>, input: string): number {
  if (!record.batched) return 1;
  const parsed = JSON.parse(input) as { Items?: unknown };
  return Array.isArray(parsed.Items) ? parsed.Items.length : 1;
}

async function countChildren(
  context: ServiceContext,
  record: MapRunRecord,
): Promise<{ itemCounts: MapRunCounts; executionCounts: MapRunCounts }> {
  const zero = (): Counts => ({
    pending: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    timedOut: 0,
    aborted: 0,
    total: 0,
    resultsWritten: 0,
    failuresNotRedrivable: 0,
    pendingRedrive: 0,
  });
  const items = zero();
  const executions = zero();
  let cursor: string | undefined;
  do {
    const page = await context.store.listExecutions({
      stateMachineArn: record.stateMachineArn,
      mapRunArn: record.mapRunArn,
      limit: 1000,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const summary of page.items) {
      const key = countOf[summary.status];
      if (key === undefined) continue;
      const taken = itemCountOf(record, summary.input);
      items[key] += taken;
      items.total += taken;
      executions[key] += 1;
      executions.total += 1;
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  // Items no child has taken yet are pending; a run that ended left none to take.
  const untaken = Math.max(0, record.itemCount - items.total);
  if (record.status === 'RUNNING') {
    items.pending = untaken;
    items.total = record.itemCount;
  }
  return { itemCounts: items, executionCounts: executions };
}
