import type { EventFacts, RecordedEvent } from '../history/index.js';
import type { MapProgress, MapRunProgress, ParallelProgress } from './execution-state.js';
import { carriedCount, nextIndexToRun } from './redrive-fold.js';

// The progress a Parallel, Map or Map Run starts with: what evolve and evolveInPlace both build
// from a …Started event and its facts.

/** The progress of a Parallel state whose ParallelStateStarted event is `startedEventId`, with a redrive's carried outputs. */
export function startedParallel(startedEventId: number, carried: EventFacts['carried']): ParallelProgress {
  return {
    outputs: carried ?? {},
    succeeded: carriedCount(carried),
    failed: 0,
    startedEventId,
    lastBranchEventId: startedEventId,
  };
}

/** The progress of a Map state whose MapStateStarted event is `startedEventId`, with a redrive's carried outputs. */
export function startedMap(
  startedEventId: number,
  facts: EventFacts['map'],
  carried?: EventFacts['carried'],
): MapProgress {
  return {
    outputs: carried ?? {},
    succeeded: carriedCount(carried),
    failed: 0,
    startedEventId,
    items: facts?.items ?? [],
    maxConcurrency: facts?.maxConcurrency ?? 0,
    ...(facts?.toleratedFailureCount !== undefined ? { toleratedFailureCount: facts.toleratedFailureCount } : {}),
    ...(facts?.toleratedFailurePercentage !== undefined
      ? { toleratedFailurePercentage: facts.toleratedFailurePercentage }
      : {}),
    ...(carried !== undefined ? { carried } : {}),
    nextIndex: nextIndexToRun(carried, 0),
    running: 0,
    linkEventId: startedEventId,
    lastIterationEventId: startedEventId,
  };
}

/** The Map Run a MapRunStarted event starts (its facts say what the children run on). */
export function startedMapRun(recorded: RecordedEvent): MapRunProgress | undefined {
  const { event, facts } = recorded;
  if (event.type !== 'MapRunStarted' || facts.mapRun === undefined) return undefined;
  return {
    ...facts.mapRun,
    startedEventId: event.id,
    mapRunArn: event.mapRunStartedEventDetails.mapRunArn,
    startDate: event.timestamp,
  };
}
