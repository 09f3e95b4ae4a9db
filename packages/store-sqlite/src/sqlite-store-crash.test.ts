import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionSummary, RecordedEvent } from '@statefold/core';
import { executionSummary, historyEvents, jsonOfSize } from '@statefold/core/testing';
import { sqliteStore } from './index.js';

const childScript = fileURLToPath(new URL('../test-fixtures/torn-append.mjs', import.meta.url));
const walChildScript = fileURLToPath(new URL('../test-fixtures/wal-left-behind.mjs', import.meta.url));

/**
 * Makes four appends of 4 large events each in a child process killed right after them, so that
 * all four commits sit in the write-ahead log; resolves with where the last commit's frames lie.
 */
async function commitsLeftInTheLog(
  directory: string,
  filename: string,
  created: ExecutionSummary,
): Promise<{ from: number; to: number }> {
  const setup = await sqliteStore({ filename });
  await setup.createExecution(created, historyEvents(1, 1));
  await setup.close();
  const appends = [1, 5, 9, 13].map((lastEventId) => ({
    expectedLastEventId: lastEventId,
    events: historyEvents(lastEventId + 1, 4, jsonOfSize(8 * 1024)),
    summary: { ...created, lastEventId: lastEventId + 4 },
  }));
  const planFile = join(directory, 'plan.json');
  writeFileSync(planFile, JSON.stringify({ filename, executionArn: created.executionArn, appends }));
  const child = spawnSync(process.execPath, [walChildScript, planFile], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  expect(child.signal).toBe('SIGKILL');
  const { walBytesBeforeLast, walBytes } = JSON.parse(child.stdout) as { walBytesBeforeLast: number; walBytes: number };
  expect(statSync(`${filename}-wal`).size).toBe(walBytes);
  // The last commit wrote several frames (a 4 KiB page each, plus headers) to the log.
  expect(walBytes - walBytesBeforeLast).toBeGreaterThan(4 * 4096);
  return { from: walBytesBeforeLast, to: walBytes };
}

/** Reopens the file and checks that it holds exactly the first three appends and takes new ones. */
async function expectFirstThreeAppends(filename: string, created: ExecutionSummary): Promise<void> {
  const reopened = await sqliteStore({ filename });
  expect(await reopened.readEvents(created.executionArn)).toEqual([
    ...historyEvents(1, 1),
    ...historyEvents(2, 12, jsonOfSize(8 * 1024)),
  ]);
  expect(await reopened.getExecution(created.executionArn)).toEqual({ ...created, lastEventId: 13 });
  await reopened.append(created.executionArn, 13, historyEvents(14, 1), { ...created, lastEventId: 14 });
  expect(await reopened.readEvents(created.executionArn, { reverse: true, limit: 1 })).toEqual(historyEvents(14, 1));
  await reopened.close();
  const check = new BetterSqlite3(filename, { readonly: true });
  expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
  check.close();
}

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

    const appends: { expectedLastEventId: number; events: RecordedEvent[]; summary: ExecutionSummary }[] = [];
    for (let lastEventId = 1; lastEventId < 11; lastEventId += 2) {
      appends.push({
        expectedLastEventId: lastEventId,
        events: historyEvents(lastEventId + 1, 2),
        summary: { ...created, lastEventId: lastEventId + 2 },
      });
    }
    const planFile = join(directory, 'plan.json');
    writeFileSync(
      planFile,
      JSON.stringify({ filename, executionArn: created.executionArn, appends, tornFirstId: 12, tornEventCount: 500 }),
    );

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

  it('drops a last commit whose log frames were only partly written, keeping every earlier one', async () => {
    const filename = join(directory, 'store.db');
    const created = executionSummary();
    const last = await commitsLeftInTheLog(directory, filename, created);
    // A torn write: the log ends in the middle of the last commit's frames.
    truncateSync(`${filename}-wal`, last.from + Math.floor((last.to - last.from) / 2));
    await expectFirstThreeAppends(filename, created);
  });

  it('drops a last commit whose log frames were scrambled, keeping every earlier one', async () => {
    const filename = join(directory, 'store.db');
    const created = executionSummary();
    const last = await commitsLeftInTheLog(directory, filename, created);
    // Garbage where the last commit's frames are: their checksums no longer match.
    const wal = openSync(`${filename}-wal`, 'r+');
    writeSync(wal, Buffer.alloc(4096, 0x5a), 0, 4096, last.from + 4096);
    closeSync(wal);
    await expectFirstThreeAppends(filename, created);
  });
});
