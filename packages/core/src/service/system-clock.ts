import type { Clock } from '../engine/index.js';

// Node's timers overflow past 2^31-1 ms (about 24.8 days) and would fire at once, so a long
// Wait is armed in hops of at most that long.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The real clock, `StepFunctions`' default when the embedder passes none: the system time and
 * Node timers. The one place in the service that reads the system time; tests inject a fake clock.
 */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(at: Date, fire: () => void): () => void {
    let handle: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      const remainingMs = at.getTime() - Date.now();
      if (remainingMs <= 0) {
        handle = undefined;
        fire();
        return;
      }
      handle = setTimeout(arm, Math.min(remainingMs, MAX_TIMER_MS));
    };
    handle = setTimeout(arm, Math.max(0, Math.min(at.getTime() - Date.now(), MAX_TIMER_MS)));
    return () => {
      if (handle !== undefined) clearTimeout(handle);
    };
  },
};
