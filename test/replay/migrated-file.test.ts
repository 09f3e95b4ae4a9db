import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '@statefold/core';
import { sqliteStore } from '@statefold/store-sqlite';
import { createTempDir, type TempDir } from '../e2e/server-process.js';
import { runCli } from './cli-process.js';

// A SQLite file written before events and their facts were stored apart (schema 0003: the facts
// inside each event's details as `statefold`), as that version wrote it: today's store migrates it
// when it opens it, reads every event back with its facts beside it, and the hash chains that
// version wrote still verify.

const FIXTURE = new URL('./fixtures/schema-0003.sql', import.meta.url);
const INTRINSICS = 'arn:aws:states:us-east-1:123456789012:execution:intrinsics:e1';
const APPROVAL = 'arn:aws:states:us-east-1:123456789012:execution:approval:e1';

let dir: TempDir;
let files = 0;

/** A new file holding exactly what the fixture's dump holds. */
async function previousVersionFile(): Promise<string> {
  const filename = join(dir.path, `previous-${(files += 1)}.db`);
  const handle = new BetterSqlite3(filename);
  handle.exec(await readFile(FIXTURE, 'utf8'));
  handle.close();
  return filename;
}

beforeAll(async () => {
  dir = await createTempDir('statefold-migrated-');
});

afterAll(async () => {
  await dir?.remove();
});

describe('a SQLite file written before events and facts were stored apart', () => {
  it('opens in the store, which reads each event back as AWS shapes it with its facts beside it', async () => {
    const filename = await previousVersionFile();
    const before = new BetterSqlite3(filename, { readonly: true });
    const hashesBefore = before.prepare('select hash from events order by execution_arn, id').pluck().all();
    before.close();

    const store = await sqliteStore({ filename });
    const intrinsics = await store.readStoredEvents(INTRINSICS);
    const approval = await store.readStoredEvents(APPROVAL);
    await store.close();

    expect(intrinsics).toHaveLength(23);
    expect(approval).toHaveLength(26);
    for (const { event } of [...intrinsics, ...approval]) expect(event).not.toHaveProperty('statefold');
    expect(intrinsics[0]?.facts.execution).toMatchObject({ executionArn: INTRINSICS, name: 'e1' });
    const wait = intrinsics.find(({ event }) => event.type === 'WaitStateEntered');
    expect(wait?.facts).toEqual({ thread: '/5.1', dueAt: '2024-01-01T00:00:03.000Z' });
    expect(intrinsics.find(({ event }) => event.type === 'PassStateEntered')?.facts).toEqual({});
    const token = approval.find(({ event }) => event.type === 'ActivityScheduled')?.facts.taskToken;
    expect(token).toEqual(expect.any(String));
    expect(verifyChain(INTRINSICS, intrinsics, 23).problem).toBeUndefined();
    expect(verifyChain(APPROVAL, approval, 26).problem).toBeUndefined();

    const after = new BetterSqlite3(filename, { readonly: true });
    expect(after.prepare('select hash from events order by execution_arn, id').pluck().all()).toEqual(hashesBefore);
    expect(after.prepare('select count(*) from events where details like \'%"statefold":%\'').pluck().get()).toBe(0);
    after.close();
  });

  it('passes statefold verify', async () => {
    const run = await runCli(['verify', '--db', await previousVersionFile()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ok    ${INTRINSICS}  23 events`);
    expect(run.stdout).toContain('2 executions verified: every hash chain holds and every row matches its history.');
  });

  it('replays an execution that drew UUIDs, a task token and retry delays, which that version did not record', async () => {
    const run = await runCli(['replay', APPROVAL, '--db', await previousVersionFile()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Replays cleanly: the definition decides all 26 events as recorded.');
  });

  it('exports its events with their facts apart, and the export imports into a file that verifies', async () => {
    const filename = await previousVersionFile();
    const exported = join(dir.path, 'migrated.jsonl');
    expect((await runCli(['export', INTRINSICS, '--db', filename, '--output', exported])).code).toBe(0);
    const lines = (await readFile(exported, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; event?: object; facts?: object });
    expect(lines[1]).toMatchObject({ kind: 'event', facts: { execution: { executionArn: INTRINSICS } } });
    expect(lines.every((line) => line.event === undefined || !('statefold' in line.event))).toBe(true);
    const copy = join(dir.path, 'imported.db');
    expect((await runCli(['import', exported, '--db', copy])).code).toBe(0);
    expect((await runCli(['verify', '--db', copy])).stdout).toContain(
      '1 execution verified: every hash chain holds and every row matches its history.',
    );
  });
});
