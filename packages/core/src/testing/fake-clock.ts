import type { Clock } from '../engine/index.js';

interface FakeTimer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void | Promise<unknown>;
}

/**
 * A clock for tests: time stands still until `advance` moves it, firing every timer due on the
 * way in order, and waiting for the work each one starts. A one-hour Wait costs nothing.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, FakeTimer>();
  readonly #work = new Set<Promise<unknown>>();

  constructor(start: Date = new Date('2024-01-01T00:00:00.000Z')) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  setTimer(at: Date, fire: () => void | Promise<unknown>): () => void {
    const seq = this.#seq++;
    const timer = { at: at.getTime(), seq, fire };
    if (timer.at <= this.#now) {
      // Due already: fire on the next tick, as a real timer would, and track its work.
      this.track(Promise.resolve().then(() => fire()));
      return () => undefined;
    }
    this.#timers.set(seq, timer);
    return () => {
      this.#timers.delete(seq);
    };
  }

  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.#work.add(settled);
    void settled.then(() => this.#work.delete(settled));
  }

  /** Waits until every piece of tracked work (and the work it started) has settled. */
  async settle(): Promise<void> {
    while (this.#work.size > 0) await Promise.all([...this.#work]);
  }

  /** Moves time forward by `ms`, firing due timers in order and settling the work of each. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await this.settle();
    for (;;) {
      const next = this.#nextDue(target);
      if (next === undefined) break;
      this.#timers.delete(next.seq);
      this.#now = Math.max(this.#now, next.at);
      this.track(Promise.resolve(next.fire()));
      await this.settle();
    }
    this.#now = target;
    await this.settle();
  }

  /** How many timers are armed (for tests that check nothing was left behind). */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  #nextDue(limit: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (timer.at > limit) continue;
      if (best === undefined || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }
}
