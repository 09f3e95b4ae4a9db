import {
  describeTimeline,
  HistoryIndex,
  parseDefinition,
  replayHistory,
  type ExecutionSnapshot,
  type PendingEffect,
  type RecordedEvent,
  type ThreadView,
} from '@statefold/core';
import { onePositional, printJson, stringFlag, type InspectionEnvironment, type ParsedFlags } from './flags.js';
import { CliFailure, loadExecution, readDefinitionFile, type LoadedExecution } from './source.js';
import { parseDefinitionOrFail } from './replay.js';

/** `statefold inspect`: the execution's state right after one event. */
export async function runInspect(flags: ParsedFlags, environment: InspectionEnvironment): Promise<number> {
  const target = onePositional(flags, 'an execution ARN or a file');
  const atText = stringFlag(flags, 'at');
  if (atText === undefined) throw new CliFailure('Missing --at <event-id>.', 2);
  const eventId = Number(atText);
  if (!Number.isInteger(eventId) || eventId < 0)
    throw new CliFailure(`--at must be an event id (0 or more), not '${atText}'.`, 2);
  const loaded = await loadExecution(target, flags.db, stringFlag(flags, 'execution'));
  const events = await eventsWithFacts(loaded, stringFlag(flags, 'definition'), environment);
  const last = events[events.length - 1]?.event.id ?? 0;
  if (eventId > last) throw new CliFailure(`${loaded.label} has no event ${eventId} (its last is ${last}).`);
  const snapshot = new HistoryIndex(events).stateAt(eventId);
  if (flags.json) printJson(environment, snapshot);
  else environment.stdout(formatSnapshot(loaded.label, snapshot, events));
  return 0;
}

// AWS's events do not say which Parallel branch or Map iteration they belong to: a replay against
// the definition derives it (and the deadlines) before the fold.
async function eventsWithFacts(
  loaded: LoadedExecution,
  definitionFile: string | undefined,
  environment: InspectionEnvironment,
): Promise<readonly RecordedEvent[]> {
  if (loaded.origin !== 'aws' && definitionFile === undefined) return loaded.events;
  const text = definitionFile !== undefined ? await readDefinitionFile(definitionFile) : undefined;
  if (text === undefined) {
    environment.stderr(
      'statefold inspect: no --definition: Parallel branches and Map iterations of an AWS history are not told apart.\n',
    );
    return loaded.events;
  }
  const report = replayHistory(parseDefinitionOrFail(text, parseDefinition), loaded.events);
  if (report.divergence !== undefined) {
    environment.stderr(
      `statefold inspect: the definition diverges at event ${report.divergence.eventId}; later events are shown without derived facts.\n`,
    );
    return [...report.events, ...loaded.events.slice(report.events.length)];
  }
  return report.events;
}

function formatSnapshot(label: string, snapshot: ExecutionSnapshot, events: readonly RecordedEvent[]): string {
  const lines: string[] = [];
  const at = snapshot.event?.event;
  const timeline = at === undefined ? undefined : describeTimeline(events).find((entry) => entry.eventId === at.id);
  lines.push(`Execution  ${label}`);
  lines.push(
    at === undefined
      ? 'At event   0 (before the first event)'
      : `At event   ${at.id} (${at.type}${timeline?.stateName !== undefined ? ` '${timeline.stateName}'` : ''}, ${at.timestamp})`,
  );
  lines.push(`Status     ${snapshot.status}`);
  const { state } = snapshot;
  if (state.output !== undefined) lines.push(`Output     ${state.output}`);
  if (state.error !== undefined || state.cause !== undefined)
    lines.push(`Error      ${[state.error, state.cause].filter((s) => s !== undefined && s !== '').join(': ')}`);
  if (Object.keys(snapshot.variables).length > 0) lines.push(`Variables  ${JSON.stringify(snapshot.variables)}`);
  lines.push('', snapshot.threads.length === 0 ? 'Threads    none running' : 'Threads');
  for (const thread of snapshot.threads) lines.push(...formatThread(thread));
  lines.push('', snapshot.pendingEffects.length === 0 ? 'Waiting on nothing' : 'Waiting on');
  for (const effect of snapshot.pendingEffects) lines.push(`  ${formatEffect(effect)}`);
  return `${lines.join('\n')}\n`;
}

function formatThread(thread: ThreadView): string[] {
  const name = thread.threadId === '' ? 'main' : thread.threadId;
  if (thread.stateName === undefined) return [`  ${name}: between states`];
  const lines = [
    `  ${name}: ${thread.stateType ?? ''} state '${thread.stateName}', entered at event ${thread.enteredEventId ?? '?'}`,
  ];
  if (thread.input !== undefined) lines.push(`    input      ${thread.input}`);
  if (thread.retryCount > 0)
    lines.push(
      `    retries    ${thread.retryCount} (attempts per Retry entry: ${JSON.stringify(thread.retryAttempts)})`,
    );
  if (thread.waitUntil !== undefined) lines.push(`    waits      until ${thread.waitUntil}`);
  if (thread.retry !== undefined)
    lines.push(`    retrying   at ${thread.retry.dueAt} (after the failure in event ${thread.retry.failedEventId})`);
  const task = thread.task;
  if (task !== undefined) {
    const progress = task.submitted ? 'submitted, waiting for its task token' : task.started ? 'started' : 'scheduled';
    lines.push(`    task       ${task.resource} (${task.kind}, event ${task.scheduledEventId}, ${progress})`);
  }
  if (Object.keys(thread.variables).length > 0) lines.push(`    variables  ${JSON.stringify(thread.variables)}`);
  return lines;
}

function formatEffect(effect: PendingEffect): string {
  switch (effect.kind) {
    case 'timer':
      return `timer              due ${effect.dueAt} (key: event ${effect.key})`;
    case 'task-timeout':
      return `task timeout       due ${effect.dueAt} (task of event ${effect.scheduledEventId})`;
    case 'heartbeat':
      return `heartbeat          every ${effect.seconds} s from ${effect.from} (task of event ${effect.scheduledEventId})`;
    case 'invoke':
      return `invocation         ${effect.task.resource} for state '${effect.stateName}' (task of event ${effect.task.scheduledEventId})`;
    case 'activity':
      return `activity task      ${effect.task.resource}, waiting for a worker (task of event ${effect.task.scheduledEventId})`;
    case 'execution-timeout':
      return `execution timeout  due ${effect.dueAt}`;
    case 'map-run':
      return `map run            ${effect.mapRun.mapRunArn} for state '${effect.stateName}' (${effect.mapRun.inputs.length} child executions)`;
  }
}
