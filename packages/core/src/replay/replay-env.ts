import type { DecideEnv, DecideRuntime } from '../execution/index.js';

// The UUIDs a replay hands `decide` are stand-ins that the event comparison recognises: wherever
// one shows up in a decided event, the recorded event may hold any UUID there (the one the engine
// drew when it ran). All-f v4 shapes are never drawn by a real generator in practice.
const SENTINEL_PREFIX = 'ffffffff-ffff-4fff-bfff-';
const SENTINEL = /ffffffff-ffff-4fff-bfff-\d{12}/;
const ANY_UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** The env of one replayed `decide` call: the recorded time, stand-in UUIDs, and a count of random draws. */
export interface ReplayEnv extends DecideEnv {
  /** How many times `random()` was called: a deadline drawn with jitter is then compared as a range. */
  readonly randomDraws: () => number;
}

/**
 * An env for one `decide` call at the recorded instant `now`, with the replay's `runtime`. `random()`
 * answers just below 1, so a jittered retry delay comes out at its maximum (the recorded one must lie
 * between the failure and it).
 */
export function createReplayEnv(now: Date, counter: { next: number }, runtime: DecideRuntime): ReplayEnv {
  let draws = 0;
  return {
    now,
    runtime,
    random: () => {
      draws++;
      return 1 - Number.EPSILON;
    },
    uuid: () => `${SENTINEL_PREFIX}${String(counter.next++).padStart(12, '0')}`,
    randomDraws: () => draws,
  };
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
