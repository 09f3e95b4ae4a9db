import type { DecideEnv, DecideRuntime } from '../execution/index.js';
import type { RecordedEvent } from '../history/index.js';

// A history statefold recorded holds every value the engine drew, among the facts of the events
// they led to: a replay hands them back to `decide` in the same order. A history that holds none
// (AWS's, or statefold's from before draws were recorded) gets stand-ins instead, which the event
// comparison recognises: wherever a stand-in UUID shows up in a decided event, the recorded event
// may hold any UUID there (the one the engine drew when it ran). All-f v4 shapes are never drawn
// by a real generator in practice.
const SENTINEL_PREFIX = 'ffffffff-ffff-4fff-bfff-';
const SENTINEL = /ffffffff-ffff-4fff-bfff-\d{12}/;
const ANY_UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** The env of one replayed `decide` call: the recorded time, the recorded draws or stand-ins, and a count of random draws. */
export interface ReplayEnv extends DecideEnv {
  /** How many times `random()` was called: with stand-ins, a deadline drawn with jitter is then compared as a range. */
  readonly randomDraws: () => number;
}

// What `random()` answers for a draw the history does not record: just below 1, so a jittered retry
// delay comes out at its maximum (the recorded one must lie between the failure and it).
const STAND_IN_RANDOM = 1 - Number.EPSILON;

/**
 * An env for the `decide` call whose first event is `history[from]`, at the recorded instant `now`:
 * `random()` and `uuid()` answer the values recorded on that event and the ones after it, in order,
 * as the engine drew them; JSONata runs on the replay's `runtime`. A draw the history does not hold (it ran out, or holds a UUID where a
 * number is asked for, or the other way round) gets a stand-in; the decided event then records
 * draws that the recorded one does not, which the comparison reports as a divergence.
 */
export function createRecordedDrawsEnv(
  now: Date,
  history: readonly RecordedEvent[],
  from: number,
  counter: { next: number },
  runtime: DecideRuntime,
): ReplayEnv {
  let position = from;
  let offset = 0;
  let randomDraws = 0;
  const next = (): number | string | undefined => {
    for (; position < history.length; position++, offset = 0) {
      const draws = history[position]?.facts.draws;
      if (draws !== undefined && offset < draws.length) return draws[offset++];
    }
    return undefined;
  };
  return {
    now,
    runtime,
    random: () => {
      randomDraws++;
      const value = next();
      return typeof value === 'number' ? value : STAND_IN_RANDOM;
    },
    uuid: () => {
      const value = next();
      return typeof value === 'string' ? value : standInUuid(counter);
    },
    randomDraws: () => randomDraws,
  };
}

/** An env of stand-ins for one `decide` call at the recorded instant `now`, for a history that records no draws. */
export function createStandInEnv(now: Date, counter: { next: number }, runtime: DecideRuntime): ReplayEnv {
  let draws = 0;
  return {
    now,
    runtime,
    random: () => {
      draws++;
      return STAND_IN_RANDOM;
    },
    uuid: () => standInUuid(counter),
    randomDraws: () => draws,
  };
}

function standInUuid(counter: { next: number }): string {
  return `${SENTINEL_PREFIX}${String(counter.next++).padStart(12, '0')}`;
}

/** True when `decided` equals `recorded`, reading each stand-in UUID in `decided` as any UUID. */
export function matchesWithStandIns(recorded: string, decided: string): boolean {
  if (recorded === decided) return true;
  if (!SENTINEL.test(decided)) return false;
  const pattern = decided
    .split(new RegExp(SENTINEL.source, 'g'))
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(ANY_UUID);
  return new RegExp(`^${pattern}$`, 's').test(recorded);
}
