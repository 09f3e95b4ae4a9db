import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random.js';

describe('SeededRandom', () => {
  it("draws java.util.Random's sequence for a seed", () => {
    // new java.util.Random(42).nextDouble()
    expect(new SeededRandom(42).nextDouble()).toBe(0.7275636800328681);
  });

  it('gives the same draws for the same seed and different ones for another', () => {
    const draws = (seed: number) => {
      const random = new SeededRandom(seed);
      return [random.nextInt(100), random.nextInt(7), random.nextDouble()];
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
  });

  it('keeps nextInt within its bound, powers of two included', () => {
    const random = new SeededRandom(-3);
    for (let i = 0; i < 1000; i++) {
      const small = random.nextInt(16);
      const odd = random.nextInt(1000);
      expect(small).toBeGreaterThanOrEqual(0);
      expect(small).toBeLessThan(16);
      expect(odd).toBeGreaterThanOrEqual(0);
      expect(odd).toBeLessThan(1000);
    }
    expect(() => random.nextInt(0)).toThrow(RangeError);
  });
});
