// Profiling harness (measurement only): runs one workload sequentially on the memory store for
// `ms` milliseconds after a warm-up and prints executions/s. Run it under `node --cpu-prof`.
//   node [--cpu-prof --cpu-prof-dir=DIR] bench/profile-case.mjs <workload> [ms]
import { createStatefoldRunner } from './lib/engines.mjs';
import { loadWorkload } from './lib/workloads.mjs';

const [workloadName, msText = '3000'] = process.argv.slice(2);
const workload = loadWorkload(workloadName);
const runner = await createStatefoldRunner(workload, 'memory');
const warmUp = Math.max(2, Math.min(200, Math.ceil(20_000 / workload.statesEntered)));
for (let i = 0; i < warmUp; i++) await runner.runOne(`w${i}`);
const cpuAtStart = process.cpuUsage();
const start = performance.now();
let count = 0;
while (performance.now() - start < Number(msText)) await runner.runOne(count++);
const elapsed = performance.now() - start;
const cpu = process.cpuUsage(cpuAtStart);
process.stdout.write(
  `${workloadName}: ${count} executions in ${elapsed.toFixed(0)} ms = ${((count / elapsed) * 1000).toFixed(1)} ex/s, ${((cpu.user + cpu.system) / count).toFixed(1)} µs CPU per execution\n`,
);
await runner.close();
