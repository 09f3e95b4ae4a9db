// The generator behind seeded randomness (`States.MathRandom(start, end, seed)`, JSONata
// `$random(seed)`): a 48-bit linear congruential generator with the constants and seed scrambling of
// java.util.Random, the platform AWS Step Functions runs on, so one seed always gives one sequence.

const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK_48 = (1n << 48n) - 1n;

/** A deterministic sequence for an integer seed. Pure: its only state is its own. */
export class SeededRandom {
  #state: bigint;

  constructor(seed: number) {
    this.#state = (BigInt(Math.trunc(seed)) ^ MULTIPLIER) & MASK_48;
  }

  /** A number in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const high = this.#next(26);
    const low = this.#next(27);
    return (high * 2 ** 27 + low) / 2 ** 53;
  }

  /** An integer in [0, bound), uniformly, as java.util.Random's nextInt(bound) draws it. */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0) throw new RangeError(`bound must be a positive integer, not ${bound}`);
    if ((bound & -bound) === bound && bound <= 2 ** 30) return Math.floor((bound * this.#next(31)) / 2 ** 31);
    for (;;) {
      const bits = this.#next(31);
      const value = bits % bound;
      // Reject the top of the range that would bias small values (Java's overflow test, in doubles).
      if (bits - value + (bound - 1) < 2 ** 31) return value;
    }
  }

  #next(bits: number): number {
    this.#state = (this.#state * MULTIPLIER + ADDEND) & MASK_48;
    return Number(this.#state >> BigInt(48 - bits));
  }
}
