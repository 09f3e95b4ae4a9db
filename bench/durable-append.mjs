// Durable append: events/s the SQLite store sustains with 100 executions in flight, beside the raw
// better-sqlite3 ceiling for the same event rows, in the same run, on the same file system, at the
// same `synchronous` setting (FULL: every commit syncs the write-ahead log). Two ceilings: one
// transaction per batch, and the same rows per commit as the store's group commit carried (the
// one the target holds against: it costs the same syncs).
//   node bench/durable-append.mjs <dir> <minMs>
// The batches are the ones the engine really appends for task-chain-10 (recorded through a Store
// proxy): ExecutionStarted … first TaskScheduled in one batch, then one batch per task result.

import './lib/polyfill.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { StepFunctions } from '@statefold/core';
import { memoryStore } from '@statefold/store-memory';
import { sqliteStore } from '@statefold/store-sqlite';
import { ExecutionOutcomes, identityLambda } from './lib/engines.mjs';
import { recordingStore, renameWrites } from './lib/recording-store.mjs';
import { loadWorkload } from './lib/workloads.mjs';

const IN_FLIGHT = 100;
const SYNCHRONOUS = 'FULL';
const [dir, minMsText] = process.argv.slice(2);
const minMs = Number(minMsText);
const tempDir = mkdtempSync(join(dir, 'durable-append-'));

/** Runs one task-chain-10 execution through the engine and returns the writes it made. */
async function recordWrites() {
  const workload = loadWorkload('task-chain-10');
  const recording = recordingStore(memoryStore());
  const sfn = new StepFunctions({ store: recording.store, lambda: identityLambda });
  const outcomes = new ExecutionOutcomes(sfn.engine.events$);
  const { stateMachineArn } = await sfn.createStateMachine({
    name: 'durable-append',
    definition: workload.definitionText,
    roleArn: 'arn:aws:iam::123456789012:role/statefold-bench',
  });
  const { executionArn } = await sfn.startExecution({ stateMachineArn, name: 'template', input: workload.inputText });
  await outcomes.output(executionArn);
  outcomes.close();
  await sfn.close();
  return { executionArn, writes: recording.writes.get(executionArn) };
}

const template = await recordWrites();
const arnPrefix = template.executionArn.slice(0, template.executionArn.lastIndexOf(':') + 1);
const eventsPerExecution = template.writes.reduce((sum, write) => sum + write.events.length, 0);
const batchSizes = template.writes.map((write) => write.events.length);

/**
 * Counts the COMMITs the store runs, by wrapping the statements better-sqlite3 prepares for
 * `commit` (the store's group commit prepares its transaction statements once).
 */
function countCommits() {
  const counter = { commits: 0 };
  const prepare = BetterSqlite3.prototype.prepare;
  BetterSqlite3.prototype.prepare = function (source, ...rest) {
    const statement = prepare.call(this, source, ...rest);
    if (source.trim().toLowerCase() === 'commit') {
      const run = statement.run;
      statement.run = function (...args) {
        counter.commits += 1;
        return run.apply(this, args);
      };
    }
    return statement;
  };
  return counter;
}

/** The SQLite store: IN_FLIGHT executions at a time, each replaying the recorded writes in order. */
async function measureStore() {
  const counter = countCommits();
  const store = await sqliteStore({ filename: join(tempDir, 'store.db'), synchronous: SYNCHRONOUS });
  const commitsBefore = counter.commits;
  let executions = 0;
  const started = performance.now();
  const worker = async (workerIndex) => {
    for (let round = 0; executions < IN_FLIGHT * 3 || performance.now() - started < minMs; round += 1) {
      executions += 1;
      const writes = renameWrites(template.writes, template.executionArn, `${arnPrefix}w${workerIndex}-r${round}`);
      for (const write of writes) {
        if (write.kind === 'create') await store.createExecution(write.summary, write.events);
        else await store.append(write.summary.executionArn, write.expectedLastEventId, write.events, write.summary);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => worker(i)));
  const elapsedMs = performance.now() - started;
  const commits = counter.commits - commitsBefore;
  const stored = await store.readEvents(`${arnPrefix}w0-r0`);
  if (stored.length !== eventsPerExecution)
    throw new Error(`SQLite store kept ${stored.length} of ${eventsPerExecution} events`);
  await store.close();
  const batches = executions * template.writes.length;
  return {
    executions,
    events: executions * eventsPerExecution,
    elapsedMs,
    eventsPerSecond: (executions * eventsPerExecution * 1000) / elapsedMs,
    commits,
    batchesPerCommit: batches / commits,
  };
}

/**
 * The same event rows straight into better-sqlite3, `batchesPerCommit` batches in one transaction
 * (1: a transaction per batch).
 */
function measureRaw(name, batchesPerCommit) {
  const db = new BetterSqlite3(join(tempDir, `${name}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${SYNCHRONOUS}`);
  db.exec(`create table events (execution_arn text not null, id integer not null, previous_event_id integer not null,
    type text not null, timestamp text not null, details text not null, facts text,
    constraint events_pk primary key (execution_arn, id))`);
  const insert = db.prepare(
    'insert into events (execution_arn, id, previous_event_id, type, timestamp, details, facts) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertBatch = (arn, events) => {
    for (let index = 0; index < events.length; index++) {
      const { event, facts } = events[index];
      const { id, previousEventId, timestamp, type, ...details } = event;
      const factsText = Object.keys(facts).length === 0 ? null : JSON.stringify(facts);
      insert.run(arn, id, previousEventId, type, timestamp, JSON.stringify(details), factsText);
    }
  };
  const commitBatches = db.transaction((batches) => {
    for (const { executionArn, events } of batches) insertBatch(executionArn, events);
  });
  let pending = [];
  const append = (executionArn, events) => {
    pending.push({ executionArn, events });
    if (pending.length >= batchesPerCommit) {
      commitBatches(pending);
      pending = [];
    }
  };
  let executions = 0;
  const started = performance.now();
  // IN_FLIGHT executions interleaved batch by batch, as the engine's appends interleave.
  for (let round = 0; executions < IN_FLIGHT * 3 || performance.now() - started < minMs; round += 1) {
    const group = Array.from({ length: IN_FLIGHT }, (_, w) =>
      renameWrites(template.writes, template.executionArn, `${arnPrefix}w${w}-r${round}`),
    );
    for (let step = 0; step < template.writes.length; step += 1) {
      for (const writes of group) append(writes[step].summary.executionArn, writes[step].events);
    }
    executions += IN_FLIGHT;
  }
  if (pending.length > 0) commitBatches(pending);
  const elapsedMs = performance.now() - started;
  db.close();
  return {
    executions,
    events: executions * eventsPerExecution,
    elapsedMs,
    eventsPerSecond: (executions * eventsPerExecution * 1000) / elapsedMs,
  };
}

try {
  const store = await measureStore();
  const raw = measureRaw('raw-per-batch', 1);
  const rawGrouped = measureRaw('raw-grouped', Math.max(1, Math.round(store.batchesPerCommit)));
  process.stdout.write(
    `${JSON.stringify({ synchronous: SYNCHRONOUS, inFlight: IN_FLIGHT, workload: 'task-chain-10', batchSizes, store, raw, rawGrouped })}\n`,
  );
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}
