import { describeTimeline, formatTimeline, type RecordedEvent, type TimelineEntry } from '@statefold/core';
import { onePositional, printJson, stringFlag, type InspectionEnvironment, type ParsedFlags } from './flags.js';
import { CliFailure, isArn, loadExecution, openDatabase } from './source.js';

const TIMELINE_HEADER = `${'id'.padStart(5)}  ${'elapsed'.padStart(10)}  ${'type'.padEnd(26)}  ${'state'.padEnd(20)}  detail\n`;
const DEFAULT_POLL_MS = 200;

/** `statefold history`: the timeline of an execution, or a live tail of a running one. */
export async function runHistory(flags: ParsedFlags, environment: InspectionEnvironment): Promise<number> {
  const target = onePositional(flags, 'an execution ARN or a file');
  if (flags.values['follow'] === true) {
    if (!isArn(target)) throw new CliFailure('--follow tails an execution in a database: give its ARN, not a file.', 2);
    return follow(target, flags, environment);
  }
  const loaded = await loadExecution(target, flags.db, stringFlag(flags, 'execution'));
  const entries = describeTimeline(loaded.events);
  if (flags.json) printJson(environment, entries);
  else environment.stdout(TIMELINE_HEADER + formatTimeline(entries));
  return 0;
}

// A server appends to its SQLite file from another process, so the tail reads the file again
// every poll; the events after the last one printed are all that is read.
async function follow(executionArn: string, flags: ParsedFlags, environment: InspectionEnvironment): Promise<number> {
  const pollMs = pollInterval(stringFlag(flags, 'poll-ms'));
  const store = await openDatabase(flags.db);
  let stopped = false;
  let wake: () => void = () => undefined;
  const removeListener = environment.onStopSignal(() => {
    stopped = true;
    wake();
  });
  const print = (entries: readonly TimelineEntry[]): void => {
    if (flags.json) for (const entry of entries) environment.stdout(`${JSON.stringify(entry)}\n`);
    else environment.stdout(formatTimeline(entries));
  };
  try {
    const summary = await store.getExecution(executionArn);
    if (summary === undefined) throw new CliFailure(`Execution Does Not Exist: '${executionArn}'`);
    if (!flags.json) environment.stdout(TIMELINE_HEADER);
    const seen: RecordedEvent[] = [];
    for (;;) {
      // The status first: events read after it include every event of an execution it says has ended.
      const status = (await store.getExecution(executionArn))?.status;
      const events = await store.readEvents(executionArn, { after: seen[seen.length - 1]?.event.id ?? 0 });
      if (events.length > 0) {
        // The whole timeline again (a later event takes its state name from an earlier one), printed from the new events on.
        const printed = seen.length;
        seen.push(...events);
        print(describeTimeline(seen).slice(printed));
      }
      if (status !== 'RUNNING' || stopped) return 0;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    removeListener();
    await store.close();
  }
}

function pollInterval(text: string | undefined): number {
  if (text === undefined) return DEFAULT_POLL_MS;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 10)
    throw new CliFailure(`--poll-ms must be an integer of at least 10, not '${text}'.`, 2);
  return ms;
}
