import type { HistoryEvent, RecordedEvent } from '../history/index.js';
import { MAIN_THREAD } from '../execution/index.js';

const DROPS_CHILD_THREADS: ReadonlySet<HistoryEvent['type']> = new Set([
  'ParallelStateSucceeded',
  'ParallelStateFailed',
  'ParallelStateAborted',
  'MapStateSucceeded',
  'MapStateFailed',
  'MapStateAborted',
]);

/** The threads appended events belong to; undefined (every thread) when one of them dropped child threads. */
export function touchedThreads(events: readonly RecordedEvent[]): Set<string> | undefined {
  const threads = new Set<string>();
  for (let index = 0; index < events.length; index++) {
    const recorded = events[index];
    if (recorded === undefined) continue;
    if (DROPS_CHILD_THREADS.has(recorded.event.type)) return undefined;
    threads.add(recorded.facts.thread ?? MAIN_THREAD);
  }
  return threads;
}
