import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExecutionSummary, RecordedEvent } from '@statefold/core';
import { sqliteStore } from '@statefold/store-sqlite';
import { EngineProcess, type DumpedExecution } from './engine-process.js';
import { ExternalWorld } from './external-world.js';
import { eventTypeCounts, historyProblems, outcomeOf } from './history-checks.js';
import { plannedExecutions, stateMachineArnOf } from './workload.mjs';

const KILLS = 6;
/** A kill comes this long (at random) after the process has opened its store. */
const KILL_WINDOW_MS = { min: 100, max: 1500 };
const SERVE = { pollers: 4, senders: 8 };
/** The workload takes about 6 s uninterrupted; an execution still running after this is stuck. */
const FINISH_WITHIN_MS = 45_000;

const directory = mkdtempSync(join(tmpdir(), 'statefold-crash-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface Life {
  readonly delayMs: number;
  readonly runningAfterKill: number;
  readonly eventsAfterKill: number;
}

/** The workload from start to finish in one process on the memory store. */
async function runUninterrupted(): Promise<{
  executions: readonly DumpedExecution[];
  world: ExternalWorld;
  problems: string[];
}> {
  const world = new ExternalWorld();
  const engine = new EngineProcess(['memory'], world.onToken);
  const serving = world.serve(engine, SERVE);
  await finishes(engine);
  world.stop();
  const executions = await engine.shutdown(true);
  await serving;
  return { executions, world, problems: engine.problems };
}

/** The workload on a SQLite file, its process killed `KILLS` times at random moments, then run to the end. */
async function runWithKills(filename: string): Promise<{ lives: Life[]; world: ExternalWorld; problems: string[] }> {
  const world = new ExternalWorld();
  const lives: Life[] = [];
  const problems: string[] = [];
  for (let life = 0; life < KILLS; life++) {
    const engine = new EngineProcess(['sqlite', filename], world.onToken);
    const serving = world.serve(engine, SERVE);
    await engine.ready;
    const delayMs = KILL_WINDOW_MS.min + Math.floor(Math.random() * (KILL_WINDOW_MS.max - KILL_WINDOW_MS.min));
    await delay(delayMs);
    await engine.kill();
    await serving;
    problems.push(...engine.problems);
    // The file a SIGKILL left behind opens (SQLite rolls a torn transaction back) and is consistent.
    lives.push({ delayMs, ...(await inspect(filename)) });
  }
  const engine = new EngineProcess(['sqlite', filename], world.onToken);
  const serving = world.serve(engine, SERVE);
  await finishes(engine);
  world.stop();
  await engine.shutdown(false);
  await serving;
  problems.push(...engine.problems);
  return { lives, world, problems };
}

/**
 * Waits until every execution in the process is final. Should some never finish (an effect the
 * engine lost), fails after `FINISH_WITHIN_MS` naming them, rather than at the test's timeout.
 */
async function finishes(engine: EngineProcess): Promise<void> {
  const deadline = new AbortController();
  const timedOut = delay(FINISH_WITHIN_MS, 'timed out', { signal: deadline.signal }).catch(() => 'done');
  const outcome = await Promise.race([engine.done.then(() => 'done'), timedOut]);
  deadline.abort();
  if (outcome === 'done') return;
  const running: string[] = [];
  for (const kind of new Set(plannedExecutions().map((execution) => execution.kind))) {
    const page = await engine.call<{ executions: { name: string }[] }>('listExecutions', {
      stateMachineArn: stateMachineArnOf(kind),
      statusFilter: 'RUNNING',
      maxResults: 1000,
    });
    running.push(...page.executions.map((execution) => execution.name));
  }
  await engine.kill();
  throw new Error(`${running.length} executions never finished: ${running.join(', ')}; ${engine.problems.join('\n')}`);
}

async function inspect(filename: string): Promise<{ runningAfterKill: number; eventsAfterKill: number }> {
  const store = await sqliteStore({ filename });
  try {
    const running = await store.listOpenExecutions({ limit: 1000 });
    let eventsAfterKill = 0;
    for (const summary of running.items) {
      const events = await store.readEvents(summary.executionArn);
      expect(events.length).toBe(summary.lastEventId);
      eventsAfterKill += events.length;
    }
    return { runningAfterKill: running.items.length, eventsAfterKill };
  } finally {
    await store.close();
  }
}

/** Every planned execution as the SQLite file holds it. */
async function readFile(filename: string): Promise<DumpedExecution[]> {
  const store = await sqliteStore({ filename });
  try {
    const executions: DumpedExecution[] = [];
    for (const { name, kind } of plannedExecutions()) {
      const executionArn = `${stateMachineArnOf(kind).replace(':stateMachine:', ':execution:')}:${name}`;
      const summary: ExecutionSummary | undefined = await store.getExecution(executionArn);
      const events: readonly RecordedEvent[] = await store.readEvents(executionArn);
      executions.push({ name, kind, summary: summary ?? null, events });
    }
    return executions;
  } finally {
    await store.close();
  }
}

const byName = <T>(executions: readonly DumpedExecution[], map: (execution: DumpedExecution) => T): Record<string, T> =>
  Object.fromEntries(executions.map((execution) => [execution.name, map(execution)]));

describe('the engine on a SQLite file, killed with SIGKILL at random moments', () => {
  it('finishes every execution exactly as an uninterrupted run on the memory store does', async () => {
    const filename = join(directory, 'statefold.db');
    const [expected, crashed] = await Promise.all([runUninterrupted(), runWithKills(filename)]);
    const report = `kills ${JSON.stringify(crashed.lives)}; answers accepted ${crashed.world.accepted}, refused as settled ${crashed.world.refused}`;
    console.info(`crash test: ${report}`);

    // The reference run is itself sound, and the workload ends the way it was written to.
    expect(expected.problems).toEqual([]);
    expect(expected.world.unexpected).toEqual([]);
    expect(expected.executions).toHaveLength(plannedExecutions().length);
    for (const execution of expected.executions)
      expect(historyProblems(execution.summary, execution.events), execution.name).toEqual([]);
    const reference = byName(expected.executions, (e) => outcomeOf(e.summary));
    expect(reference['waits-5']).toEqual({
      status: 'SUCCEEDED',
      output: '{"n":5,"shifted":1005,"waited":true}',
      error: undefined,
      cause: undefined,
    });
    expect(reference['retries-1']).toMatchObject({ status: 'FAILED', error: 'Refused', cause: 'this one is refused' });
    expect(reference['retries-4']).toMatchObject({ status: 'SUCCEEDED', output: '{"n":4,"attempts":1}' });
    expect(reference['retries-5']).toMatchObject({ status: 'SUCCEEDED', output: '{"n":5,"attempts":2}' });
    expect(reference['retries-6']).toMatchObject({ status: 'SUCCEEDED', output: '{"n":6,"attempts":3}' });
    expect(reference['retries-7']).toMatchObject({ status: 'SUCCEEDED', output: '{"n":7,"error":"Flaky"}' });
    expect(reference['activities-3']).toMatchObject({ status: 'SUCCEEDED', output: '{"n":3,"doubled":6}' });
    expect(reference['activities-5']).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"n":5,"refused":"the worker refuses 5"}',
    });
    expect(reference['callbacks-2']).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"n":2,"answer":{"n":2,"tripled":6}}',
    });
    expect(reference['parallel-4']).toMatchObject({ status: 'SUCCEEDED', output: '{"slept":4,"square":16,"echo":4}' });
    expect(reference['map-5']).toMatchObject({ status: 'SUCCEEDED', output: '{"squares":[25,36,49],"count":3}' });

    // The kills hit executions in flight, and the engine reported no failure in any life.
    expect(
      crashed.lives.some((life) => life.runningAfterKill > 0),
      report,
    ).toBe(true);
    expect(crashed.problems).toEqual([]);
    expect(crashed.world.unexpected).toEqual([]);

    // Every execution ended as in the reference run, with a sound history: nothing lost, nothing
    // duplicated, no task result applied twice.
    const stored = await readFile(filename);
    expect(
      byName(stored, (e) => outcomeOf(e.summary)),
      report,
    ).toEqual(reference);
    for (const execution of stored)
      expect(historyProblems(execution.summary, execution.events), `${execution.name}; ${report}`).toEqual([]);
    // Outside activities (whose tasks a killed worker may hold until they time out and are handed
    // out again), the histories have exactly the reference run's events. TaskSubmitted is left out:
    // a callback answered before its Lambda returned has none, in any run, depending on timing.
    const withoutActivities = (executions: readonly DumpedExecution[]): Record<string, Record<string, number>> =>
      byName(
        executions.filter((e) => e.kind !== 'activities'),
        (e) => eventTypeCounts(e.events.filter(({ event }) => event.type !== 'TaskSubmitted')),
      );
    expect(withoutActivities(stored), report).toEqual(withoutActivities(expected.executions));
    const outcomes = (executions: readonly DumpedExecution[]): Record<string, number> =>
      byName(
        executions.filter((e) => e.kind === 'activities'),
        (e) => e.events.filter(({ event }) => /^Activity(Succeeded|Failed)$/.test(event.type)).length,
      );
    expect(outcomes(stored)).toEqual(outcomes(expected.executions));
  }, 150_000);
});
