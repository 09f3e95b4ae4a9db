/**
 * Runs work one piece at a time per key, in the order it was asked for: the engine's "one writer
 * per execution". A failed piece does not stop the ones queued after it.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `work` once every earlier piece for `key` has finished. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    // The tail settles once `work` has, whatever its outcome, and forgets the key if nothing queued behind.
    const release = (): void => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
    const tail: Promise<void> = result.then(release, release);
    this.#tails.set(key, tail);
    return result;
  }

  /** Resolves once every piece queued so far has finished. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#tails.values()]);
  }
}
