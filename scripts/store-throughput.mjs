#!/usr/bin/env node
// Store throughput on SQLite (WAL, synchronous=FULL unless told otherwise), measured on this
// machine's disk. Not a test: it prints a table.
//
//   npm run build && node scripts/store-throughput.mjs [--synchronous FULL|NORMAL] [--dir <directory>]
//
// 1. The engine's real append path, one `decide` per transaction: executions of a 10-state Pass
//    chain (each start is one decide and one createExecution transaction), and executions looping
//    over a 1 s Wait on a fake clock (each timer is one decide and one append transaction).
// 2. Raw appends: the very batches step 1 wrote (recorded on the way), appended again to fresh
//    executions straight through the store, without the engine.
// 3. Reading and folding a 25,000-event history (AWS's limit), as the engine does when it loads an
//    execution it does not hold in memory (after a restart, say).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { evolve, initialExecutionState, StepFunctions } from '@statefold/core';
import { FakeClock } from '@statefold/core/testing';
import { sqliteStore } from '@statefold/store-sqlite';

const { values: flags } = parseArgs({
  options: { synchronous: { type: 'string', default: 'FULL' }, dir: { type: 'string', default: tmpdir() } },
});
if (flags.synchronous !== 'FULL' && flags.synchronous !== 'NORMAL') throw new Error('--synchronous is FULL or NORMAL');

const ROLE_ARN = 'arn:aws:iam::123456789012:role/statefold-throughput';
const CHAIN_EXECUTIONS = 300;
const LOOP_EXECUTIONS = 100;
const LOOP_ROUNDS = 20;
const HISTORY_EVENTS = 25_000;
const READ_REPEATS = 5;
/** The engine's page size when it folds a stored history (engine/live-execution.ts). */
const ENGINE_PAGE = 5_000;

const passChain = {
  StartAt: 'S0',
  States: Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [
      `S${i}`,
      { Type: 'Pass', ...(i < 9 ? { Next: `S${i + 1}` } : { End: true }) },
    ]),
  ),
};
const counterLoop = (rounds, wait) => ({
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Parameters: { 'payload.$': '$', count: 0 }, Next: wait ? 'Pause' : 'Count' },
    ...(wait ? { Pause: { Type: 'Wait', Seconds: 1, Next: 'Count' } } : {}),
    Count: {
      Type: 'Pass',
      Parameters: { 'payload.$': '$.payload', 'count.$': 'States.MathAdd($.count, 1)' },
      Next: 'More',
    },
    More: {
      Type: 'Choice',
      Choices: [{ Variable: '$.count', NumericLessThan: rounds, Next: wait ? 'Pause' : 'Count' }],
      Default: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});
const input = JSON.stringify({
  order: {
    id: 'o-1234',
    lines: [
      { sku: 'A-1', quantity: 2 },
      { sku: 'B-7', quantity: 1 },
    ],
  },
});

const directory = mkdtempSync(join(flags.dir, 'statefold-throughput-'));
const rows = [];

/** A store that records the batches written through it (what one decide produced, each). */
function recording(store, batches) {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'createExecution') {
        return async (summary, events) => {
          batches.push({ kind: 'create', summary, events });
          return target.createExecution(summary, events);
        };
      }
      if (property === 'append') {
        return async (arn, expected, events, summary) => {
          batches.push({ kind: 'append', expected, summary, events });
          return target.append(arn, expected, events, summary);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function row(measure, transactions, events, ms) {
  rows.push({
    measure,
    transactions,
    events,
    ms,
    eventsPerSecond: (events / ms) * 1000,
    transactionsPerSecond: (transactions / ms) * 1000,
  });
}

async function openStore(name) {
  return sqliteStore({ filename: join(directory, `${name}.db`), synchronous: flags.synchronous });
}

async function engineRuns() {
  const store = await openStore('engine');
  const batches = [];
  const clock = new FakeClock();
  const sfn = new StepFunctions({ store: recording(store, batches), clock });

  const chain = await sfn.createStateMachine({
    name: 'pass-chain',
    definition: JSON.stringify(passChain),
    roleArn: ROLE_ARN,
  });
  batches.length = 0;
  let started = performance.now();
  for (let i = 0; i < CHAIN_EXECUTIONS; i++)
    await sfn.startExecution({ stateMachineArn: chain.stateMachineArn, name: `chain-${i}`, input });
  row(
    'engine: start a 10-Pass chain (1 decide = 1 txn)',
    batches.length,
    countEvents(batches),
    performance.now() - started,
  );
  const chainBatches = [...batches];

  const loop = await sfn.createStateMachine({
    name: 'wait-loop',
    definition: JSON.stringify(counterLoop(LOOP_ROUNDS, true)),
    roleArn: ROLE_ARN,
  });
  for (let i = 0; i < LOOP_EXECUTIONS; i++)
    await sfn.startExecution({ stateMachineArn: loop.stateMachineArn, name: `loop-${i}`, input });
  batches.length = 0;
  started = performance.now();
  for (let round = 0; round < LOOP_ROUNDS; round++) await clock.advance(1000);
  row(
    `engine: Wait steps, ${LOOP_EXECUTIONS} executions (1 decide = 1 txn)`,
    batches.length,
    countEvents(batches),
    performance.now() - started,
  );
  const loopBatches = [...batches];

  await sfn.close();
  await store.close();
  return { chainBatches, loopBatches };
}

function countEvents(batches) {
  return batches.reduce((sum, batch) => sum + batch.events.length, 0);
}

/** Appends recorded batches again under fresh execution ARNs, straight through the store. */
async function rawAppends(label, batches, prefix) {
  const store = await openStore(`raw-${prefix}`);
  const rename = (summary) => ({ ...summary, executionArn: `${summary.executionArn}-${prefix}` });
  // Executions the recorded appends continue need their earlier events: create them unmeasured.
  const seeded = new Set();
  if (batches.some((batch) => batch.kind === 'append')) {
    for (const batch of batches) {
      const arn = rename(batch.summary).executionArn;
      if (seeded.has(arn)) continue;
      seeded.add(arn);
      const first = { ...rename(batch.summary), lastEventId: batch.expected };
      const earlier = Array.from({ length: batch.expected }, (_, index) => ({
        event: { ...batch.events[0].event, id: index + 1, previousEventId: index },
        facts: batch.events[0].facts,
      }));
      await store.createExecution(first, earlier);
    }
  }
  const started = performance.now();
  for (const batch of batches) {
    const summary = rename(batch.summary);
    if (batch.kind === 'create') await store.createExecution(summary, batch.events);
    else await store.append(summary.executionArn, batch.expected, batch.events, summary);
  }
  row(label, batches.length, countEvents(batches), performance.now() - started);
  await store.close();
}

async function historyOf25000() {
  const store = await openStore('history');
  const sfn = new StepFunctions({ store, clock: new FakeClock() });
  // Each round of the loop is 4 events; the execution ends at AWS's 25,000-event limit.
  const loop = await sfn.createStateMachine({
    name: 'long',
    definition: JSON.stringify(counterLoop(HISTORY_EVENTS, false)),
    roleArn: ROLE_ARN,
  });
  const { executionArn } = await sfn.startExecution({ stateMachineArn: loop.stateMachineArn, name: 'long', input });
  await sfn.close();
  const stored = await store.getExecution(executionArn);
  const times = { read: [], fold: [], load: [] };
  for (let repeat = 0; repeat < READ_REPEATS; repeat++) {
    let started = performance.now();
    const events = await store.readEvents(executionArn);
    times.read.push(performance.now() - started);
    started = performance.now();
    let state = initialExecutionState;
    for (const event of events) state = evolve(state, event);
    times.fold.push(performance.now() - started);
    if (state.lastEventId !== stored.lastEventId) throw new Error('the fold did not reach the last event');
    started = performance.now();
    let paged = initialExecutionState;
    for (;;) {
      const page = await store.readEvents(executionArn, { after: paged.lastEventId, limit: ENGINE_PAGE });
      for (const event of page) paged = evolve(paged, event);
      if (page.length < ENGINE_PAGE) break;
    }
    times.load.push(performance.now() - started);
  }
  await store.close();
  return { events: stored.lastEventId, status: stored.status, times };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fixed = (value, digits = 0) => value.toFixed(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

try {
  const { chainBatches, loopBatches } = await engineRuns();
  await rawAppends('raw append: the same start batches', chainBatches, 'chain');
  await rawAppends('raw append: the same Wait-step batches', loopBatches, 'loop');
  const history = await historyOf25000();

  console.log(`statefold store throughput: SQLite, WAL, synchronous=${flags.synchronous}, files in ${flags.dir}`);
  console.log(`node ${process.version}, ${process.platform} ${process.arch}\n`);
  const header = ['measure', 'txns', 'events', 'ms', 'events/s', 'txns/s'];
  const table = rows.map((r) => [
    r.measure,
    fixed(r.transactions),
    fixed(r.events),
    fixed(r.ms),
    fixed(r.eventsPerSecond),
    fixed(r.transactionsPerSecond),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i].length)));
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const cells of table) console.log(line(cells));
  console.log(
    `\nA ${fixed(history.events)}-event history (${history.status} at the limit), median of ${READ_REPEATS}:`,
  );
  const reads = [
    ['read every event (one query)', history.times.read],
    ['fold them (evolve, in memory)', history.times.fold],
    [`read in pages of ${fixed(ENGINE_PAGE)} and fold (engine load)`, history.times.load],
  ];
  for (const [label, times] of reads) console.log(`  ${label.padEnd(46)}${fixed(median(times), 1).padStart(8)} ms`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
