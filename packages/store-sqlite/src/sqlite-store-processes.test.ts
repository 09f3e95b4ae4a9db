import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionSummary, RecordedEvent } from '@statefold/core';
import { executionSummary, historyEvents } from '@statefold/core/testing';
import { sqliteStore } from './index.js';

const childScript = fileURLToPath(new URL('../test-fixtures/append-all.mjs', import.meta.url));

interface PlannedAppend {
  readonly executionArn: string;
  readonly expectedLastEventId: number;
  readonly events: readonly RecordedEvent[];
  readonly summary: ExecutionSummary;
}

/** Runs one child process making `appends` on `filename`; resolves with each append's outcome. */
function runChild(
  directory: string,
  filename: string,
  label: string,
  appends: readonly PlannedAppend[],
): Promise<string[]> {
  const planFile = join(directory, `${label}.json`);
  writeFileSync(planFile, JSON.stringify({ filename, appends }));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, planFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as string[]);
      else reject(new Error(`child ${label} exited with ${String(code)}: ${stderr}`));
    });
  });
}

/** `count` appends of two events each, continuing from `lastEventId`. */
function appendsOf(summary: ExecutionSummary, lastEventId: number, count: number): PlannedAppend[] {
  return Array.from({ length: count }, (_, index) => {
    const expectedLastEventId = lastEventId + index * 2;
    return {
      executionArn: summary.executionArn,
      expectedLastEventId,
      events: historyEvents(expectedLastEventId + 1, 2),
      summary: { ...summary, lastEventId: expectedLastEventId + 2 },
    };
  });
}

describe('SqliteStore shared by several processes', () => {
  let directory: string;
  let filename: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'statefold-sqlite-processes-'));
    filename = join(directory, 'store.db');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('queues writers on the file lock instead of failing them', async () => {
    const first = executionSummary({ name: 'first' });
    const second = executionSummary({ name: 'second' });
    const setup = await sqliteStore({ filename });
    await setup.createExecution(first, historyEvents(1, 1));
    await setup.createExecution(second, historyEvents(1, 1));
    await setup.close();

    const outcomes = await Promise.all([
      runChild(directory, filename, 'first', appendsOf(first, 1, 150)),
      runChild(directory, filename, 'second', appendsOf(second, 1, 150)),
    ]);
    expect(outcomes.flat().filter((outcome) => outcome !== 'ok')).toEqual([]);

    const store = await sqliteStore({ filename });
    expect(await store.readEvents(first.executionArn)).toEqual(historyEvents(1, 301));
    expect(await store.readEvents(second.executionArn)).toEqual(historyEvents(1, 301));
    await store.close();
  });

  it('lets exactly one process win appends with the same expected ids', async () => {
    const contested = executionSummary({ name: 'contested' });
    const setup = await sqliteStore({ filename });
    await setup.createExecution(contested, historyEvents(1, 1));
    await setup.close();

    const plan = appendsOf(contested, 1, 50);
    const [left, right] = await Promise.all([
      runChild(directory, filename, 'left', plan),
      runChild(directory, filename, 'right', plan),
    ]);
    // Each expected id is won by exactly one process; the other sees AppendConflict.
    plan.forEach((_, index) => {
      expect([left?.[index], right?.[index]].sort()).toEqual(['AppendConflict', 'ok']);
    });
    const store = await sqliteStore({ filename });
    expect(await store.readEvents(contested.executionArn)).toEqual(historyEvents(1, 101));
    await store.close();
  });
});
