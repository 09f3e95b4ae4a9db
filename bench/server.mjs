// Server figures: `statefold serve` (memory, then SQLite) in its own process, driven over
// keep-alive node:http from this one, beside the peer that serves the same API over HTTP
// (stepfunctions-local, driven by the same client on the same workload) and a bare node:http
// server answering bodies of the same sizes as each store's answers (the ceiling).
//   node bench/server.mjs <dir> <minMs> <populateTo>
// populateTo is the "many executions stored" point (100,000 in the full run).

import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, startProcess } from './lib/http-client.mjs';
import { quantile, runClosedLoop } from './lib/load.mjs';
import { populateSqlite } from './lib/populate.mjs';
import { checkOutput, loadWorkload } from './lib/workloads.mjs';

const CLI = new URL('../packages/server/dist/cli/main.js', import.meta.url).pathname;
const BARE = new URL('./bare-server.mjs', import.meta.url).pathname;
const PEER = new URL('./peer-server.mjs', import.meta.url).pathname;
const CONCURRENCIES = [16, 64];
const FEW_STORED = 1_000;
const [dir, minMsText, populateToText] = process.argv.slice(2);
const minMs = Number(minMsText);
const manyStored = Number(populateToText);
const tempDir = mkdtempSync(join(dir, 'server-'));
const workload = loadWorkload('pass-chain-10');
const roleArn = 'arn:aws:iam::123456789012:role/statefold-bench';
const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

function serve(store, db) {
  const args = [
    CLI,
    'serve',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--store',
    store,
    ...(store === 'sqlite' ? ['--db', db] : []),
  ];
  return startProcess(args, LISTENING);
}

/** A request loop's figures: requests/s and latency quantiles in ms. */
function figures(run) {
  return {
    requests: run.count,
    perSecond: run.perSecond,
    ...(run.latenciesMs === undefined
      ? {}
      : { p50Ms: quantile(run.latenciesMs, 0.5), p99Ms: quantile(run.latenciesMs, 0.99) }),
  };
}

/**
 * StartExecution → SUCCEEDED at `concurrency`, names `prefix-i`: each client starts an execution,
 * then asks DescribeExecution until it has ended (statefold and the peer alike), so a server that
 * answers StartExecution before it ran the execution is not counted as faster. Every started ARN
 * is kept for the check.
 */
async function startThroughput(client, stateMachineArn, concurrency, prefix, started) {
  const run = await runClosedLoop({
    concurrency,
    minMs,
    minCount: concurrency * 4,
    recordLatency: true,
    runOne: async (i) => {
      const { json } = await client.call('StartExecution', {
        stateMachineArn,
        name: `${prefix}-${i}`,
        input: workload.inputText,
      });
      let status;
      do {
        ({ status } = (await client.call('DescribeExecution', { executionArn: json.executionArn })).json);
      } while (status === 'RUNNING');
      if (status !== 'SUCCEEDED') throw new Error(`${json.executionArn} ended ${status}`);
      started.push(json.executionArn);
    },
  });
  return figures(run);
}

/**
 * Checks what the measured runs started: none is left RUNNING or ended other than SUCCEEDED, and
 * a sample (the last ones of each run) has the expected output.
 */
async function checkStarted(client, stateMachineArn, started) {
  for (const statusFilter of ['RUNNING', 'FAILED', 'ABORTED', 'TIMED_OUT']) {
    const { json } = await client.call('ListExecutions', { stateMachineArn, statusFilter, maxResults: 1 });
    if (json.executions.length > 0)
      throw new Error(`An execution is ${statusFilter}: ${json.executions[0].executionArn}`);
  }
  for (const executionArn of started.slice(-50)) {
    const { json } = await client.call('DescribeExecution', { executionArn });
    if (json.status !== 'SUCCEEDED') throw new Error(`${executionArn} is ${json.status}`);
    checkOutput(workload, json.output, 'statefold serve');
  }
}

/** Starts executions (not measured) until `target` are stored. */
async function populateOverHttp(client, stateMachineArn, from, target) {
  if (target <= from) return;
  await runClosedLoop({
    concurrency: 64,
    minMs: 0,
    minCount: target - from,
    maxCount: target - from,
    runOne: (i) =>
      client.call('StartExecution', { stateMachineArn, name: `fill-${from + i}`, input: workload.inputText }),
  });
}

/** Unmeasured StartExecutions at concurrency 64: opens every connection and warms the server's JIT. */
async function warmUp(client, stateMachineArn, prefix) {
  await runClosedLoop({
    concurrency: 64,
    minMs: 0,
    minCount: 640,
    maxCount: 640,
    runOne: (i) =>
      client.call('StartExecution', { stateMachineArn, name: `${prefix}-${i}`, input: workload.inputText }),
  });
}

async function countStored(client, stateMachineArn) {
  let count = 0;
  let nextToken;
  do {
    const { json } = await client.call('ListExecutions', {
      stateMachineArn,
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    count += json.executions.length;
    nextToken = json.nextToken;
  } while (nextToken !== undefined);
  return count;
}

async function measureStore(storeKind) {
  const db = join(tempDir, `${storeKind}.db`);
  let server = await serve(storeKind, db);
  let client = createClient(Number(server.match[1]), 64);
  const result = { store: storeKind, start: {}, describe: {}, history: {} };
  try {
    const { json: created } = await client.call('CreateStateMachine', {
      name: 'bench-pass-chain-10',
      definition: workload.definitionText,
      roleArn,
    });
    const { stateMachineArn } = created;
    const { json: probe } = await client.call('StartExecution', {
      stateMachineArn,
      name: 'probe',
      input: workload.inputText,
    });
    const described = await client.call('DescribeExecution', { executionArn: probe.executionArn });
    checkOutput(workload, described.json.output, 'statefold serve');
    const history = await client.call('GetExecutionHistory', { executionArn: probe.executionArn });
    result.describeBytes = described.bytes;
    result.historyBytes = history.bytes;
    result.historyEvents = history.json.events.length;

    await populateOverHttp(client, stateMachineArn, 1, FEW_STORED);
    const started = [];
    result.storedBeforeGrowth = await countStored(client, stateMachineArn);
    result.start.fewStored = await startThroughput(client, stateMachineArn, 64, 'few', started);
    for (const concurrency of CONCURRENCIES) {
      result.start[`c${concurrency}`] = await startThroughput(
        client,
        stateMachineArn,
        concurrency,
        `c${concurrency}`,
        started,
      );
      const describeRun = await runClosedLoop({
        concurrency,
        minMs,
        minCount: concurrency * 4,
        recordLatency: true,
        runOne: async () => {
          const { json } = await client.call('DescribeExecution', { executionArn: probe.executionArn });
          if (json.status !== 'SUCCEEDED') throw new Error(`probe is ${json.status}`);
        },
      });
      result.describe[`c${concurrency}`] = figures(describeRun);
      const historyRun = await runClosedLoop({
        concurrency,
        minMs,
        minCount: concurrency * 4,
        recordLatency: true,
        runOne: async () => {
          const { json } = await client.call('GetExecutionHistory', { executionArn: probe.executionArn });
          if (json.events.length !== result.historyEvents) throw new Error(`history has ${json.events.length} events`);
        },
      });
      result.history[`c${concurrency}`] = figures(historyRun);
    }
    await checkStarted(client, stateMachineArn, started);

    // Grow the store to `manyStored` executions, then measure StartExecution again.
    const stored = await countStored(client, stateMachineArn);
    if (storeKind === 'sqlite') {
      // Over HTTP every StartExecution syncs the disk; filling the file through the store port
      // (with the same rows the server writes) is the same data in a fraction of the time.
      client.close();
      await server.stop();
      await populateSqlite(db, stateMachineArn, probe.executionArn, stored, manyStored);
      server = await serve(storeKind, db);
      client = createClient(Number(server.match[1]), 64);
    } else {
      await populateOverHttp(client, stateMachineArn, stored, manyStored);
    }
    // A restarted server accepts its 64 keep-alive connections one event-loop turn at a time and
    // has a cold JIT; the few-stored run had neither handicap, so warm up the same way (unmeasured).
    await warmUp(client, stateMachineArn, 'warm-many');
    result.storedAtGrowth = await countStored(client, stateMachineArn);
    const grown = [];
    result.start.manyStored = await startThroughput(client, stateMachineArn, 64, 'many', grown);
    await checkStarted(client, stateMachineArn, grown);
    return result;
  } finally {
    client.close();
    await server.stop();
  }
}

async function measureBare(bytes) {
  const server = await startProcess([BARE, String(bytes)], /listening on (\d+)/);
  const client = createClient(Number(server.match[1]), 64);
  try {
    const out = {};
    for (const concurrency of CONCURRENCIES) {
      const run = await runClosedLoop({
        concurrency,
        minMs,
        minCount: concurrency * 4,
        recordLatency: true,
        runOne: async () => {
          const { status, text } = await client.post(
            { 'content-type': 'application/x-amz-json-1.0' },
            '{"executionArn":"x"}',
          );
          if (status !== 200 || Buffer.byteLength(text) !== bytes) throw new Error(`bare server answered ${status}`);
        },
      });
      out[`c${concurrency}`] = figures(run);
    }
    return out;
  } finally {
    client.close();
    await server.stop();
  }
}

/** The peer, stepfunctions-local, on the same workload through the same client and loop. */
async function measurePeer() {
  const server = await startProcess([PEER], /listening on (\d+)/);
  const client = createClient(Number(server.match[1]), 64);
  try {
    const { json: created } = await client.call('CreateStateMachine', {
      name: 'bench-pass-chain-10',
      definition: workload.definitionText,
      roleArn,
    });
    const { stateMachineArn } = created;
    await warmUp(client, stateMachineArn, 'warm');
    const start = {};
    const started = [];
    for (const concurrency of CONCURRENCIES) {
      start[`c${concurrency}`] = await startThroughput(
        client,
        stateMachineArn,
        concurrency,
        `c${concurrency}`,
        started,
      );
    }
    for (const executionArn of started.slice(-50)) {
      const { json } = await client.call('DescribeExecution', { executionArn });
      checkOutput(workload, json.output, 'stepfunctions-local');
    }
    return { start };
  } finally {
    client.close();
    await server.stop();
  }
}

try {
  // Each store's ceiling answers bodies of that store's sizes.
  const measureCeilings = async (store) => ({
    describe: await measureBare(store.describeBytes),
    history: await measureBare(store.historyBytes),
  });
  const memory = await measureStore('memory');
  memory.bare = await measureCeilings(memory);
  const sqlite = await measureStore('sqlite');
  sqlite.bare = await measureCeilings(sqlite);
  const peer = await measurePeer();
  process.stdout.write(`${JSON.stringify({ memory, sqlite, peer })}\n`);
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}
