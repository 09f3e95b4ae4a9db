import { FakeClock } from './fake-clock.js';

/**
 * A `FakeClock` that also tells a test when a timer is armed, so a test can wait until a long
 * poll or a Wait is actually waiting before it moves time (never by sleeping or polling), and
 * that can leave a held call out of the work it waits for.
 */
export class TestClock extends FakeClock {
  #waiters: ((at: Date) => void)[] = [];
  #parkNext = false;

  /**
   * The next piece of background work the engine reports is not waited for by `advance`/`settle`.
   * For a call a test holds open across timers (an in-flight Lambda a task timeout must cut
   * short): waiting for it before firing the timers would wait forever.
   */
  parkNextWork(): void {
    this.#parkNext = true;
  }

  override track(work: Promise<unknown>): void {
    if (this.#parkNext) {
      this.#parkNext = false;
      return;
    }
    super.track(work);
  }

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
