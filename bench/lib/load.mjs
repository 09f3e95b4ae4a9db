// A closed-loop load generator: keeps `concurrency` operations in flight until both a minimum
// count and a minimum duration are reached (or a maximum count), so that one figure stands on
// enough work on any machine without a fixed iteration count tuned to this one.

import { performance } from 'node:perf_hooks';

/**
 * Runs `runOne(i)` with `concurrency` calls in flight.
 * @param {object} options
 * @param {number} options.concurrency
 * @param {number} options.minMs keep starting operations until this much time has passed…
 * @param {number} options.minCount …and at least this many have been started
 * @param {number} [options.maxCount] never start more than this many
 * @param {(index: number) => Promise<unknown>} options.runOne
 * @param {boolean} [options.recordLatency] keep each operation's latency (ms)
 * @returns {Promise<{ count: number, elapsedMs: number, perSecond: number, latenciesMs?: number[] }>}
 */
export async function runClosedLoop({
  concurrency,
  minMs,
  minCount,
  maxCount = Infinity,
  runOne,
  recordLatency = false,
}) {
  const started = performance.now();
  const latenciesMs = [];
  let next = 0;
  let failure;
  const more = () =>
    failure === undefined && next < maxCount && (next < minCount || performance.now() - started < minMs);
  const worker = async () => {
    while (more()) {
      const index = next++;
      const t0 = recordLatency ? performance.now() : 0;
      try {
        await runOne(index);
      } catch (error) {
        failure ??= error;
        return;
      }
      if (recordLatency) latenciesMs.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure !== undefined) throw failure;
  const elapsedMs = performance.now() - started;
  return {
    count: next,
    elapsedMs,
    perSecond: (next * 1000) / elapsedMs,
    ...(recordLatency ? { latenciesMs } : {}),
  };
}

/** The q-quantile (0…1) of some numbers, by the nearest-rank method. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** Milliseconds `work` takes, best of `repeats` (after one untimed warm-up run). */
export async function bestOfMs(repeats, work) {
  await work();
  let best = Infinity;
  for (let i = 0; i < repeats; i += 1) {
    const t0 = performance.now();
    await work();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * The best times of two pieces of work measured turn about (a, b, a, b …), so that a slow spell of
 * a shared machine weighs on both sides of a ratio alike rather than on whichever ran during it.
 */
export async function bestOfPairMs(repeats, first, second) {
  await first();
  await second();
  const best = [Infinity, Infinity];
  for (let i = 0; i < repeats; i += 1) {
    for (const [index, work] of [first, second].entries()) {
      const t0 = performance.now();
      await work();
      best[index] = Math.min(best[index], performance.now() - t0);
    }
  }
  return best;
}

/** The process's peak resident set size so far, in MiB. */
export function peakRssMiB() {
  return process.resourceUsage().maxRSS / 1024;
}
