import type { ExecutionSummary, RecordedEvent } from '@statefold/core';

const finalStatuses = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);
const executionEnds = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);
const scheduledTypes = new Set(['LambdaFunctionScheduled', 'ActivityScheduled', 'TaskScheduled']);
/** Events that record a scheduled task's progress: each at most once per scheduling. */
const progressTypes = new Set(['LambdaFunctionStarted', 'ActivityStarted', 'TaskStarted', 'TaskSubmitted']);
/** Events that record a scheduled task's outcome: exactly one per scheduling. */
const outcomeTypes = new Set([
  'LambdaFunctionSucceeded',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'LambdaFunctionStartFailed',
  'LambdaFunctionScheduleFailed',
  'ActivitySucceeded',
  'ActivityFailed',
  'ActivityTimedOut',
  'ActivityScheduleFailed',
  'TaskSucceeded',
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
]);

/**
 * What is wrong with a finished execution's stored history, as sentences (empty when nothing is):
 * a final status; ids contiguous from 1 with the summary's last event id at the end; each event
 * linked to an earlier one (or 0); time never going back; one start and one end; and, in every thread,
 * each scheduled task progressing at most once per step and settled by exactly one outcome (a task
 * result applied twice shows as an outcome with nothing scheduled).
 */
export function historyProblems(
  summary: ExecutionSummary | null | undefined,
  recorded: readonly RecordedEvent[],
): string[] {
  if (summary === null || summary === undefined) return ['the execution is not stored'];
  const events = recorded.map(({ event }) => event);
  const problems: string[] = [];
  if (!finalStatuses.has(summary.status)) problems.push(`its status is ${summary.status}`);
  events.forEach((event, index) => {
    if (event.id !== index + 1) problems.push(`event #${index + 1} has id ${event.id}`);
    // AWS links the first state's entry to 0, as it does ExecutionStarted.
    const linked = event.previousEventId >= 0 && event.previousEventId < event.id;
    if (!linked) problems.push(`event ${event.id} links to ${event.previousEventId}`);
    const previous = events[index - 1];
    if (previous !== undefined && event.timestamp < previous.timestamp)
      problems.push(`event ${event.id} is older than event ${previous.id}`);
  });
  if (summary.lastEventId !== events.length)
    problems.push(`the summary's last event id is ${summary.lastEventId}, the history has ${events.length} events`);
  if (events[0]?.type !== 'ExecutionStarted') problems.push(`the first event is ${events[0]?.type ?? 'missing'}`);
  if (!executionEnds.has(events[events.length - 1]?.type ?? ''))
    problems.push(`the last event is ${events[events.length - 1]?.type ?? 'missing'}`);
  const count = (types: ReadonlySet<string>): number => events.filter((event) => types.has(event.type)).length;
  if (count(new Set(['ExecutionStarted'])) !== 1) problems.push('ExecutionStarted is not recorded exactly once');
  if (count(executionEnds) !== 1) problems.push('the execution does not end exactly once');
  problems.push(...taskProblems(recorded));
  return problems;
}

function taskProblems(events: readonly RecordedEvent[]): string[] {
  const problems: string[] = [];
  /** Per thread: the pending scheduled task's event id and the progress events it has had. */
  const pending = new Map<string, { scheduledEventId: number; progress: Set<string> }>();
  for (const { event, facts } of events) {
    const thread = facts.thread ?? '';
    const task = pending.get(thread);
    if (scheduledTypes.has(event.type)) {
      if (task !== undefined)
        problems.push(`event ${event.id} schedules a task while task ${task.scheduledEventId} is pending`);
      pending.set(thread, { scheduledEventId: event.id, progress: new Set() });
    } else if (progressTypes.has(event.type)) {
      if (task === undefined) problems.push(`event ${event.id} (${event.type}) has no scheduled task`);
      else if (task.progress.has(event.type))
        problems.push(`event ${event.id} repeats ${event.type} of task ${task.scheduledEventId}`);
      else task.progress.add(event.type);
    } else if (outcomeTypes.has(event.type)) {
      if (task === undefined)
        problems.push(`event ${event.id} (${event.type}) settles no pending task: a result applied twice`);
      pending.delete(thread);
    } else if (event.type === 'TaskStateAborted') {
      // A Task aborted with its branch or iteration: its work has no outcome, as in AWS.
      pending.delete(thread);
    }
  }
  for (const [thread, task] of pending)
    problems.push(`task ${task.scheduledEventId} in thread '${thread}' never settled`);
  return problems;
}

/** How many events of each type a history has, in a stable order: what two runs of one execution share. */
export function eventTypeCounts(events: readonly RecordedEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const types = events.map(({ event }) => event);
  for (const event of types.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))) {
    counts[event.type] = (counts[event.type] ?? 0) + 1;
  }
  return counts;
}

/** What an execution's outcome is, for comparing two runs. */
export function outcomeOf(summary: ExecutionSummary | null | undefined): Record<string, string | undefined> {
  return { status: summary?.status, output: summary?.output, error: summary?.error, cause: summary?.cause };
}
