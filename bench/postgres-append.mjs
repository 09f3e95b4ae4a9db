// Durable append on PostgreSQL: events/s the PostgreSQL store sustains with 100 executions in
// flight (the exact writes the engine makes for task-chain-10, recorded through a Store proxy),
// beside a raw `pg` ceiling in the same run on the same database: the same event rows, one
// transaction per batch (one multi-row INSERT each, autocommit), 100 batches in flight on a pool of
// the same size. The store also checks the expected last event, chains the audit hashes and
// replaces the summary row in the same statement, and shares commits between executions.
//   node bench/postgres-append.mjs <minMs> [postgres-url]
// Not yet part of `npm run bench` (whose report has no PostgreSQL rows yet): run it by hand.

import './lib/polyfill.mjs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { StepFunctions } from '@statefold/core';
import { memoryStore } from '@statefold/store-memory';
import { postgresStore } from '@statefold/store-postgres';
import { ExecutionOutcomes, identityLambda } from './lib/engines.mjs';
import { recordingStore, renameWrites } from './lib/recording-store.mjs';
import { loadWorkload } from './lib/workloads.mjs';

const IN_FLIGHT = 100;
const CONNECTIONS = 10;
const [minMsText = '3000', url = 'postgres://postgres@127.0.0.1:5432/test'] = process.argv.slice(2);
const minMs = Number(minMsText);
const schema = `bench_append_${process.pid}`;

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

/** Runs IN_FLIGHT workers, each replaying whole executions through `replay`, for at least minMs. */
async function drive(replay) {
  let executions = 0;
  const started = performance.now();
  const worker = async (workerIndex) => {
    for (let round = 0; executions < IN_FLIGHT * 3 || performance.now() - started < minMs; round += 1) {
      executions += 1;
      await replay(renameWrites(template.writes, template.executionArn, `${arnPrefix}w${workerIndex}-r${round}`));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => worker(i)));
  const elapsedMs = performance.now() - started;
  return { executions, elapsedMs, eventsPerSecond: (executions * eventsPerExecution * 1000) / elapsedMs };
}

async function measureStore() {
  const store = await postgresStore({ connectionString: url, schema: `${schema}_store`, maxConnections: CONNECTIONS });
  const figures = await drive(async (writes) => {
    for (const write of writes) {
      if (write.kind === 'create') await store.createExecution(write.summary, write.events);
      else await store.append(write.summary.executionArn, write.expectedLastEventId, write.events, write.summary);
    }
  });
  const stored = await store.readEvents(`${arnPrefix}w0-r0`);
  if (stored.length !== eventsPerExecution) throw new Error(`kept ${stored.length} of ${eventsPerExecution} events`);
  await store.close();
  return figures;
}

async function measureRaw(pool) {
  await pool.query(`create schema ${schema}_raw`);
  await pool.query(`create table ${schema}_raw.events (execution_arn text collate "C" not null, id integer not null,
    previous_event_id integer not null, type text not null, timestamp text not null, details text not null, facts text,
    primary key (execution_arn, id))`);
  return drive(async (writes) => {
    for (const write of writes) {
      const values = [];
      const rows = write.events.map(({ event, facts }, index) => {
        const { id, previousEventId, timestamp, type, ...details } = event;
        values.push(write.summary.executionArn, id, previousEventId, type, timestamp, JSON.stringify(details));
        values.push(Object.keys(facts).length === 0 ? null : JSON.stringify(facts));
        const p = index * 7;
        return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7})`;
      });
      await pool.query(`insert into ${schema}_raw.events values ${rows.join(', ')}`, values);
    }
  });
}

const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
try {
  const store = await measureStore();
  const raw = await measureRaw(pool);
  process.stdout.write(
    `${JSON.stringify({ workload: 'task-chain-10', inFlight: IN_FLIGHT, connections: CONNECTIONS, eventsPerExecution, store, raw, ratio: store.eventsPerSecond / raw.eventsPerSecond })}\n`,
  );
} finally {
  await pool.query(`drop schema if exists ${schema}_store cascade`);
  await pool.query(`drop schema if exists ${schema}_raw cascade`);
  await pool.end();
}
