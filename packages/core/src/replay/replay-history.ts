import type { StateMachineModel } from '../asl/index.js';
import {
  createDecideRuntime,
  decide,
  evolve,
  initialExecutionState,
  MAIN_THREAD,
  type ExecutionIdentity,
  type ExecutionState,
  type DecideRuntime,
  type ThreadState,
} from '../execution/index.js';
import { NO_FACTS, type EventFacts, type RecordedEvent } from '../history/index.js';
import { compareEvents, type EventDifference, type MatchRules } from './event-match.js';
import { createRecordedDrawsEnv, createStandInEnv } from './replay-env.js';
import { deriveTrigger, type ThreadLocator } from './replay-trigger.js';

/** Where a replay first parts from the recorded history. */
export interface Divergence {
  /** The recorded event that the definition does not produce (one past the last when the history ended first). */
  readonly eventId: number;
  /** What the history recorded there; absent when the recorded history ends before the definition does. */
  readonly recorded?: RecordedEvent;
  /** What the definition decides instead; absent when it decides nothing there. */
  readonly decided?: RecordedEvent;
  /** The members that differ, when both are present and of one type. */
  readonly differences: readonly EventDifference[];
  /** One sentence for people. */
  readonly reason: string;
}

/** The outcome of a replay. */
export interface ReplayReport {
  /** `statefold`: a history statefold recorded (ids, order and facts compared); `aws`: one exported from AWS. */
  readonly mode: ReplayMode;
  /** Recorded events that the definition reproduced, from the first. */
  readonly matchedEvents: number;
  readonly recordedEvents: number;
  /** Absent when the history replays cleanly. */
  readonly divergence?: Divergence;
  /**
   * The recorded events that matched, each with the facts the replay derived for it (the thread,
   * deadlines, Map items): what `stateAt` needs for a history AWS recorded without them.
   */
  readonly events: readonly RecordedEvent[];
}

/** How recorded events are read and compared. */
export type ReplayMode = 'statefold' | 'aws';

/** Options of `replayHistory`. */
export interface ReplayOptions {
  /** Read from the history when absent: a history whose first event records who the execution is is `statefold`. */
  readonly mode?: ReplayMode;
  /** Who the execution is, for an AWS history (which does not say); a placeholder ARN otherwise. */
  readonly identity?: ExecutionIdentity;
  readonly maxHistoryEvents?: number;
  /**
   * The runtime `decide` runs with, for a caller that replays many histories; without it the replay
   * makes its own and closes it (stopping the JSONata worker, if the definition started one).
   */
  readonly runtime?: DecideRuntime;
}

const PLACEHOLDER_IDENTITY: ExecutionIdentity = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:imported:imported',
  name: 'imported',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:imported',
  stateMachineName: 'imported',
};

/**
 * Replays a recorded history against a definition (the one it ran with, or an edited one): reads
 * each trigger off the recorded events, runs `decide` with the recorded time, result and identity,
 * and compares what it decides with what was recorded, event by event. Reports the first event
 * where they part, or that the history replays cleanly. Pure.
 *
 * A statefold history must match in order, ids and facts, and `decide` draws the values the history
 * recorded, so that it reproduces every random number and UUID exactly (one stored before statefold
 * recorded its draws holds none: it gets stand-ins, as an AWS history does). An AWS history (no
 * facts, and no draws) is matched by content, with stand-ins for what was drawn: AWS interleaves
 * the events of Parallel branches and Map iterations in the order they happened, so an event may
 * match any event the definition has decided and not yet seen.
 */
export function replayHistory(
  model: StateMachineModel,
  recorded: readonly RecordedEvent[],
  options: ReplayOptions = {},
): ReplayReport {
  if (options.runtime !== undefined) return replayWith(model, recorded, options, options.runtime);
  const runtime = createDecideRuntime();
  try {
    return replayWith(model, recorded, options, runtime);
  } finally {
    void runtime.close();
  }
}

function replayWith(
  model: StateMachineModel,
  recorded: readonly RecordedEvent[],
  options: ReplayOptions,
  runtime: DecideRuntime,
): ReplayReport {
  const mode = options.mode ?? (recorded[0]?.facts.execution !== undefined ? 'statefold' : 'aws');
  const strict = mode === 'statefold';
  // A statefold history written before draws were recorded holds none: it replays with stand-ins.
  const exact = strict && recorded.some(({ facts }) => facts.draws !== undefined);
  const ids = new IdMap();
  const locator = strict ? factLocator : createLinkLocator(ids);
  const uuidCounter = { next: 1 };
  let state: ExecutionState = initialExecutionState;
  const pending: RecordedEvent[] = [];
  const matched: RecordedEvent[] = [];
  let jittered = false;
  const rules = (): MatchRules => ({ compareFacts: strict, compareDraws: exact, compareIds: strict, jittered });

  const report = (divergence?: Divergence): ReplayReport => ({
    mode,
    matchedEvents: matched.length,
    recordedEvents: recorded.length,
    ...(divergence !== undefined ? { divergence } : {}),
    events: matched,
  });
  const take = (index: number, event: RecordedEvent): void => {
    const [decided] = pending.splice(index, 1);
    if (decided === undefined) return;
    ids.link(event.event.id, decided.event.id);
    matched.push(strict ? event : withDerivedFacts(event, decided.facts, ids));
  };

  for (const [position, event] of recorded.entries()) {
    const index = findMatch(pending, event, rules(), strict, ids);
    if (index >= 0) {
      take(index, event);
      continue;
    }
    const expected = pending[0];
    if (strict && expected !== undefined) return report(diverge(event, expected, rules()));
    const derived = deriveTrigger(recorded, position, state, locator, options.identity ?? PLACEHOLDER_IDENTITY);
    if (derived.kind === 'unsupported')
      return report({ eventId: event.event.id, recorded: event, differences: [], reason: derived.reason });
    if (derived.kind === 'none') return report(diverge(event, expected, rules()));
    const now = new Date(event.event.timestamp);
    const env = exact
      ? createRecordedDrawsEnv(now, recorded, position, uuidCounter, runtime)
      : createStandInEnv(now, uuidCounter, runtime);
    const decided = decide(
      model,
      state,
      derived.trigger,
      env,
      options.maxHistoryEvents !== undefined ? { maxHistoryEvents: options.maxHistoryEvents } : {},
    );
    jittered = !exact && env.randomDraws() > 0;
    for (const next of decided) state = evolve(state, next);
    pending.push(...decided);
    const first = findMatch(pending, event, rules(), strict, ids);
    if (first < 0) return report(diverge(event, decided[0], rules()));
    take(first, event);
  }
  const left = pending[0];
  if (left !== undefined) {
    const lastId = recorded[recorded.length - 1]?.event.id ?? 0;
    return report({
      eventId: lastId + 1,
      decided: left,
      differences: [],
      reason: `The recorded history ends at event ${lastId}; the definition goes on with ${left.event.type}${nameOf(left)}.`,
    });
  }
  return report();
}

function findMatch(
  pending: readonly RecordedEvent[],
  event: RecordedEvent,
  rules: MatchRules,
  strict: boolean,
  ids: IdMap,
): number {
  if (strict) {
    const first = pending[0];
    return first !== undefined && compareEvents(event, first, rules).length === 0 ? 0 : -1;
  }
  // AWS order: any decided event not yet seen; one linked where the recorded one links wins a tie.
  const linked = ids.decidedId(event.event.previousEventId);
  let found = -1;
  for (const [index, candidate] of pending.entries()) {
    if (compareEvents(event, candidate, rules).length > 0) continue;
    if (candidate.event.previousEventId === linked) return index;
    if (found < 0) found = index;
  }
  return found;
}

function diverge(recorded: RecordedEvent, decided: RecordedEvent | undefined, rules: MatchRules): Divergence {
  const { id, type } = recorded.event;
  if (decided === undefined) {
    return {
      eventId: id,
      recorded,
      differences: [],
      reason: `Event ${id} recorded ${type}${nameOf(recorded)}; the definition decides no event there.`,
    };
  }
  const differences = compareEvents(recorded, decided, rules);
  const first = differences[0];
  const detail =
    drawsNotRecorded(recorded.facts, decided.facts) ??
    (first === undefined || first.path === 'type'
      ? `the definition decides ${decided.event.type}${nameOf(decided)}`
      : `the definition decides ${first.path} = ${show(first.decided)} (recorded ${show(first.recorded)})`);
  return {
    eventId: id,
    recorded,
    decided,
    differences,
    reason: `Event ${id} recorded ${type}${nameOf(recorded)}; ${detail}.`,
  };
}

/**
 * Why an event diverges when the definition draws values the history does not hold there (more of
 * them, or a number where a UUID was drawn): replay had to make them up, so whatever they computed
 * differs too, and the draws are the cause to name.
 */
function drawsNotRecorded(recorded: EventFacts, decided: EventFacts): string | undefined {
  const held = recorded.draws ?? [];
  const drawn = decided.draws ?? [];
  const unrecorded = drawn.length > held.length || drawn.some((value, index) => typeof value !== typeof held[index]);
  if (!unrecorded) return undefined;
  return `the definition draws ${describeDraws(drawn)} there, where the history recorded ${describeDraws(held)}`;
}

/** `nothing`, or the kinds of the values drawn in order, e.g. `a number and a UUID`. */
function describeDraws(draws: readonly (number | string)[]): string {
  const kinds = draws.map((value) => (typeof value === 'number' ? 'a number' : 'a UUID'));
  const last = kinds.pop();
  if (last === undefined) return 'nothing';
  return kinds.length === 0 ? last : `${kinds.join(', ')} and ${last}`;
}

function nameOf({ event }: RecordedEvent): string {
  const name =
    'stateEnteredEventDetails' in event
      ? event.stateEnteredEventDetails.name
      : 'stateExitedEventDetails' in event
        ? event.stateExitedEventDetails.name
        : undefined;
  return name === undefined ? '' : ` '${name}'`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Recorded event ids and the ids the replay gave the same events (equal for a statefold history). */
class IdMap {
  readonly #toDecided = new Map<number, number>([[0, 0]]);
  readonly #toRecorded = new Map<number, number>([[0, 0]]);

  link(recordedId: number, decidedId: number): void {
    this.#toDecided.set(recordedId, decidedId);
    this.#toRecorded.set(decidedId, recordedId);
  }

  decidedId(recordedId: number): number | undefined {
    return this.#toDecided.get(recordedId);
  }

  recordedId(decidedId: number): number | undefined {
    return this.#toRecorded.get(decidedId);
  }
}

// A statefold history names each event's thread.
const factLocator: ThreadLocator = {
  find(event, state, test) {
    const thread = state.threads[event.facts.thread ?? MAIN_THREAD];
    return thread !== undefined && test(thread) ? thread : undefined;
  },
};

// An AWS history only links each event to the one before it in its thread.
function createLinkLocator(ids: IdMap): ThreadLocator {
  return {
    find(event, state, test) {
      const linked = ids.decidedId(event.event.previousEventId);
      const candidates = Object.values(state.threads).filter(test);
      const byLink = candidates.find(
        (thread: ThreadState) =>
          thread.lastEventId === linked ||
          thread.active?.task?.scheduledEventId === linked ||
          thread.active?.retry?.failedEventId === linked,
      );
      return byLink ?? candidates[0];
    },
  };
}

// The facts the replay derived, with thread ids renamed to the recorded ids of the events that
// started them. The draws are left out: they were stand-ins, not what the engine drew.
function withDerivedFacts(recorded: RecordedEvent, facts: EventFacts, ids: IdMap): RecordedEvent {
  if (facts === NO_FACTS) return recorded;
  const { draws: _standIns, ...derived } = facts;
  const thread = derived.thread?.replace(/\/(\d+)\./g, (_match, id: string) => `/${ids.recordedId(Number(id)) ?? id}.`);
  return { event: recorded.event, facts: { ...derived, ...(thread !== undefined ? { thread } : {}) } };
}
