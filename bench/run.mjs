// `npm run bench`: statefold's speed as ratios taken in one run, beside aws-local-stepfunctions
// and the machine's own ceilings (raw better-sqlite3, a bare node:http server). Every execution is
// checked against the manifest's expected output; nothing here is a test and nothing times a test.
//   npm run bench                         the full run (< 10 minutes on 2 cores)
//   npm run bench -- --quick              a short smoke run (shorter windows, 5,000 stored executions)
//   npm run bench -- --update-readme      a full run that also replaces README.md's table with its
//                                         figures and keeps its JSON as bench/readme-run.json
// Results go to bench/results/ (not tracked), so a run leaves the checkout clean unless asked.
// Each measurement runs in a child process of its own, so that peak RSS and GC are its own.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { buildRows, formatMarkdown, formatText, withBenchTable } from './lib/report.mjs';

const run = promisify(execFile);
const quick = process.argv.includes('--quick');
const updateReadme = process.argv.includes('--update-readme');
if (quick && updateReadme) {
  console.error('bench: --update-readme takes a full run; leave out --quick');
  process.exit(2);
}
// The AWS SDK (which the peer loads) warns on Node 20 that it will need Node 22: noise in our output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const here = (path) => new URL(path, import.meta.url).pathname;
const settings = quick
  ? { inProcessMs: 300, appendMs: 500, serverMs: 500, manyStored: 5_000, rounds: 1 }
  : { inProcessMs: 1_200, appendMs: 2_000, serverMs: 2_000, manyStored: 100_000, rounds: 2 };

const IN_PROCESS_WORKLOADS = [
  'pass-chain-10',
  'task-chain-10',
  'wait-0',
  'choice-loop-1000',
  'parallel-10',
  'map-1000',
];
const ENGINES = ['statefold-memory', 'statefold-sqlite', 'peer'];
// The short chains also run on a bench-only store that keeps no events (lib/history-free-store.mjs):
// how much of each target keeping the history costs. Not task-chain-10: a task result is checked
// against the stored history (so that a lost token race never answers 200), which such a store lacks.
const HISTORY_FREE_WORKLOADS = new Set(['pass-chain-10', 'wait-0']);

if (!existsSync(here('../packages/server/dist/cli/main.js'))) {
  console.error('bench: the packages are not built; run `npm ci` (or `npm run build`) first');
  process.exit(1);
}

// Temporary files on the same file system as the checkout, so that SQLite's fsync figures are those
// of the disk the project lives on (not a tmpfs).
const workBase = existsSync(here('../node_modules')) ? here('../node_modules/.cache') : tmpdir();
mkdirSync(workBase, { recursive: true });
const workDir = mkdtempSync(join(workBase, 'statefold-bench-'));

/** Runs one bench script in a child process and returns the JSON it prints. */
async function child(script, args) {
  try {
    const { stdout } = await run(process.execPath, [here(script), ...args.map(String)], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1));
  } catch (error) {
    throw new Error(`bench: ${script} ${args.join(' ')} failed:\n${error.stderr ?? error.message}`);
  }
}

function progress(text) {
  process.stderr.write(`${text}\n`);
}

async function main() {
  const began = performance.now();
  // Other work on the machine skews every figure (ratios less so): record how busy it was.
  const loadAtStart = loadavg()[0];
  const results = { inProcess: [] };
  for (const workload of IN_PROCESS_WORKLOADS) {
    for (const concurrency of [1, 100]) {
      // Each engine runs once per round, rounds turn about, and each keeps its best round: a slow
      // spell of a shared machine then weighs on statefold and the peer alike.
      const best = new Map();
      for (let round = 1; round <= settings.rounds; round += 1) {
        const engines = HISTORY_FREE_WORKLOADS.has(workload) ? [...ENGINES, 'statefold-history-free'] : ENGINES;
        for (const engine of engines) {
          const figures = await child('./in-process-case.mjs', [
            engine,
            workload,
            concurrency,
            settings.inProcessMs,
            workDir,
          ]);
          progress(
            `in-process ${workload} c${concurrency} ${engine} (round ${round}): ${Math.round(figures.executionsPerSecond)} executions/s`,
          );
          if ((best.get(engine)?.executionsPerSecond ?? 0) < figures.executionsPerSecond) best.set(engine, figures);
        }
      }
      results.inProcess.push(...best.values());
    }
  }
  // The long loop: sequential only (100 concurrent histories of ~40,000 events would measure memory, not speed).
  for (const engine of ENGINES) {
    const figures = await child('./in-process-case.mjs', [
      engine,
      'choice-loop-10000',
      1,
      settings.inProcessMs,
      workDir,
    ]);
    progress(`in-process choice-loop-10000 c1 ${engine}: ${figures.executionsPerSecond.toFixed(2)} executions/s`);
    results.inProcess.push(figures);
  }
  progress('durable append …');
  results.durableAppend = await child('./durable-append.mjs', [workDir, settings.appendMs]);
  progress('server …');
  results.server = await child('./server.mjs', [workDir, settings.serverMs, settings.manyStored]);
  progress('replay …');
  results.replay = await child('./replay.mjs', [workDir]);
  progress('distributed map …');
  results.distributedMap = await child('./distributed-map.mjs', [workDir, quick ? 1_000 : 10_000]);
  progress('console …');
  results.console = await child('./console.mjs', [workDir, settings.manyStored]);

  const rows = buildRows(results);
  const cpuList = cpus();
  const machine = {
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { atStart: Number(loadAtStart.toFixed(2)), atEnd: Number(loadavg()[0].toFixed(2)) },
  };
  const report = {
    date: new Date().toISOString(),
    quick,
    durationSeconds: Math.round((performance.now() - began) / 1000),
    machine,
    settings,
    notes: [
      'choice-loop-10000 writes ~40,000 events: it runs with maxHistoryEvents raised above AWS’s 25,000 (the bench passes maxHistoryEvents to StepFunctions).',
      'aws-local-stepfunctions keeps no history and persists nothing; statefold records every event (memory store) or writes it to SQLite with synchronous=FULL.',
      'task-chain-10: an in-process identity LambdaInvoker for statefold, taskResourceLocalHandlers for the peer; Promise.withResolvers is polyfilled in the bench processes (Node 20).',
      'StartExecution → SUCCEEDED over HTTP: each client starts an execution, then calls DescribeExecution until it has ended, for statefold and stepfunctions-local (npm, the Node server of the Step Functions API) alike, through the same keep-alive client.',
    ],
    rows,
    results,
  };
  const resultsDir = here('./results');
  mkdirSync(resultsDir, { recursive: true });
  const name = quick ? 'quick' : 'latest';
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const machineLine = `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}, load average ${machine.loadAverage.atStart} → ${machine.loadAverage.atEnd}`;
  const table = `${formatMarkdown(rows)}\n\nMachine: ${machineLine}; ${report.date}; ${report.durationSeconds} s.\n`;
  writeFileSync(join(resultsDir, `${name}.md`), table);
  process.stdout.write(`\n${formatText(rows)}\n\nMachine: ${machineLine}. Took ${report.durationSeconds} s.\n`);
  process.stdout.write(`Written: bench/results/${name}.json and bench/results/${name}.md\n`);
  if (updateReadme) {
    replaceReadmeTable(table);
    writeFileSync(here('./readme-run.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write('Updated: the table in README.md, and bench/readme-run.json\n');
  }
}

/** Replaces the table and machine line in README.md (between its bench-table markers) with `table`. */
function replaceReadmeTable(table) {
  const readmePath = here('../README.md');
  writeFileSync(readmePath, withBenchTable(readFileSync(readmePath, 'utf8'), table));
}

try {
  await main();
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
