import { randomUUID } from 'node:crypto';
import type { Clock } from './ports.js';

// The one place statefold reads the system's time and randomness (STYLE §8): everything else
// receives them through `Clock` and `DecideEnv`, so that replay and tests are exact.

// setTimeout cannot wait longer than 2^31-1 ms; longer timers are re-armed in steps.
const MAX_TIMEOUT_MS = 2_147_483_647;

/** The real clock: the system time and Node timers (a due timer still fires asynchronously). */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(at, fire) {
    let handle: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      const remainingMs = at.getTime() - Date.now();
      if (remainingMs <= 0) {
        handle = undefined;
        void fire();
        return;
      }
      handle = setTimeout(arm, Math.min(remainingMs, MAX_TIMEOUT_MS));
    };
    handle = setTimeout(arm, Math.max(0, Math.min(at.getTime() - Date.now(), MAX_TIMEOUT_MS)));
    return () => {
      if (handle !== undefined) clearTimeout(handle);
    };
  },
};

/** The real source of randomness for `decide`: uniform numbers in [0, 1) and v4 UUIDs. */
export const systemRandomness = {
  random: (): number => Math.random(),
  uuid: (): string => randomUUID(),
};
