import { FakeClock } from '../../testing/fake-clock.js';

/**
 * A `FakeClock` that also tells a test when a timer is armed, so a test can wait until a long
 * poll or a Wait is actually waiting before it moves time (never by sleeping or polling).
 */
export class TestClock extends FakeClock {
  #waiters: ((at: Date) => void)[] = [];

  /** Resolves with the due time of the next timer armed after this call. */
  nextTimer(): Promise<Date> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  override setTimer(at: Date, fire: () => void | Promise<unknown>): () => void {
    const cancel = super.setTimer(at, fire);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve(at);
    return cancel;
  }
}
