import type { Clock } from '../../engine/index.js';

/** A clock for the service's unit tests: time stands still until a test moves it; it arms no timers. */
export class FixedClock implements Clock {
  #now: Date;

  constructor(start: Date) {
    this.#now = start;
  }

  now(): Date {
    return new Date(this.#now.getTime());
  }

  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }

  setTimer(): () => void {
    return () => undefined;
  }
}
