// One in-process measurement in a process of its own (so that its peak RSS is its own):
//   node bench/in-process-case.mjs <engine> <workload> <concurrency> <minMs> <dir>
// engine: statefold-memory | statefold-sqlite | statefold-history-free | peer. Prints one JSON line with the figures.

import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createPeerRunner, createStatefoldRunner } from './lib/engines.mjs';
import { peakRssMiB, runClosedLoop } from './lib/load.mjs';
import { loadWorkload } from './lib/workloads.mjs';

const [engine, workloadName, concurrencyText, minMsText, dir] = process.argv.slice(2);
const workload = loadWorkload(workloadName);
const concurrency = Number(concurrencyText);
const minMs = Number(minMsText);
const tempDir = mkdtempSync(join(dir, `${engine}-${workloadName}-`));

async function createRunner() {
  switch (engine) {
    case 'statefold-memory':
      return createStatefoldRunner(workload, 'memory');
    case 'statefold-history-free':
      return createStatefoldRunner(workload, 'history-free');
    case 'statefold-sqlite':
      return createStatefoldRunner(workload, 'sqlite', join(tempDir, 'bench.db'));
    case 'peer':
      return createPeerRunner(workload);
    default:
      throw new Error(`Unknown engine ${engine}`);
  }
}

const runner = await createRunner();
try {
  // Warm-up (not timed): lets the JIT compile the hot paths, as any long-running engine would.
  const warmUp = Math.max(2, Math.min(200, Math.ceil(20_000 / workload.statesEntered)));
  await runClosedLoop({
    concurrency,
    minMs: 0,
    minCount: warmUp,
    maxCount: warmUp,
    runOne: (i) => runner.runOne(`w${i}`),
  });
  const measured = await runClosedLoop({
    concurrency,
    minMs,
    // At least one full round of the concurrency, so that "100 concurrent" really had 100 in flight.
    minCount: Math.max(concurrency, 3),
    runOne: (i) => runner.runOne(i),
  });
  const result = {
    engine,
    workload: workloadName,
    concurrency,
    executions: measured.count,
    elapsedMs: measured.elapsedMs,
    executionsPerSecond: measured.perSecond,
    transitionsPerSecond: measured.perSecond * workload.statesEntered,
    peakRssMiB: peakRssMiB(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await runner.close();
  rmSync(tempDir, { recursive: true, force: true });
}
