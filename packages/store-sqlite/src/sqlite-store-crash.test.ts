import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionSummary, HistoryEvent } from '@statefold/core';
import { executionSummary, historyEvents } from '@statefold/core/testing';
import { sqliteStore } from './index.js';

const childScript = fileURLToPath(new URL('../test-fixtures/torn-append.mjs', import.meta.url));

describe('SqliteStore after a crash', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'statefold-sqlite-crash-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('recovers a process killed inside a transaction with only whole appends visible', async () => {
    const filename = join(directory, 'store.db');
    const created = executionSummary();
    const setup = await sqliteStore({ filename });
    await setup.createExecution(created, historyEvents(1, 1));
    await setup.close();

    const appends: { expectedLastEventId: number; events: HistoryEvent[]; summary: ExecutionSummary }[] = [];
    for (let lastEventId = 1; lastEventId < 11; lastEventId += 2) {
      appends.push({ expectedLastEventId: lastEventId, events: historyEvents(lastEventId + 1, 2), summary: { ...created, lastEventId: lastEventId + 2 } });
    }
    const planFile = join(directory, 'plan.json');
    writeFileSync(planFile, JSON.stringify({ filename, executionArn: created.executionArn, appends, tornFirstId: 12, tornEventCount: 500 }));

    const child = spawnSync(process.execPath, [childScript, planFile], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.signal).toBe('SIGKILL');
    const { committedWalBytes, walBytes } = JSON.parse(child.stdout) as { committedWalBytes: number; walBytes: number };
    // The killed transaction really left frames in the WAL: megabytes beyond the committed appends.
    expect(walBytes - committedWalBytes).toBeGreaterThan(1024 * 1024);
    expect(existsSync(`${filename}-wal`)).toBe(true);

    const reopened = await sqliteStore({ filename });
    expect(await reopened.readEvents(created.executionArn)).toEqual(historyEvents(1, 11));
    expect(await reopened.getExecution(created.executionArn)).toEqual({ ...created, lastEventId: 11 });
    await reopened.append(created.executionArn, 11, historyEvents(12, 1), { ...created, lastEventId: 12 });
    expect(await reopened.readEvents(created.executionArn, { reverse: true, limit: 1 })).toEqual(historyEvents(12, 1));
    await reopened.close();

    const check = new BetterSqlite3(filename, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });
});
