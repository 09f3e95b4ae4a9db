import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepFunctions } from '@statefold/core';
import { FakeClock } from '@statefold/core/testing';
import { sqliteStore } from '@statefold/store-sqlite';
import { createTempDir, type TempDir } from '../e2e/server-process.js';
import { runCli } from './cli-process.js';

// `statefold verify` against a SQLite file edited behind the store's back: a byte changed inside
// an event row, and a row deleted.

const MARKED = {
  StartAt: 'Tamper',
  States: {
    Tamper: { Type: 'Pass', Result: { secret: 's3cr3t-value' }, Next: 'After' },
    After: { Type: 'Pass', End: true },
  },
};

let dir: TempDir;

/** A SQLite file holding one finished execution of MARKED; returns its path and the execution ARN. */
async function storedExecution(name: string): Promise<{ db: string; executionArn: string }> {
  const db = join(dir.path, `${name}.db`);
  const store = await sqliteStore({ filename: db });
  const sfn = new StepFunctions({ store, clock: new FakeClock() });
  const { stateMachineArn } = await sfn.createStateMachine({
    name: 'marked',
    definition: JSON.stringify(MARKED),
    roleArn: 'arn:aws:iam::123456789012:role/r',
  });
  const { executionArn } = await sfn.startExecution({ stateMachineArn, name: 'e1', input: '{}' });
  await sfn.close();
  await store.close();
  return { db, executionArn };
}

function eventRows(db: string): Map<number, string> {
  const handle = new BetterSqlite3(db, { readonly: true });
  const rows = handle.prepare('select id, type, timestamp, details from events order by id').all() as {
    id: number;
    type: string;
    timestamp: string;
    details: string;
  }[];
  handle.close();
  return new Map(rows.map((row) => [row.id, `${row.type}|${row.timestamp}|${row.details}`]));
}

beforeAll(async () => {
  dir = await createTempDir('statefold-verify-');
});

afterAll(async () => {
  await dir?.remove();
});

describe('statefold verify on an edited SQLite file', () => {
  it('names the event whose bytes were changed inside the file', async () => {
    const { db, executionArn } = await storedExecution('edited');
    const before = eventRows(db);
    const bytes = await readFile(db);
    const marker = Buffer.from('s3cr3t-value');
    // Change one byte of one stored copy of the marker: the first whose change shows in exactly one event row.
    let changedEventId: number | undefined;
    for (let at = bytes.indexOf(marker); at >= 0 && changedEventId === undefined; at = bytes.indexOf(marker, at + 1)) {
      const edited = Buffer.from(bytes);
      edited[at] = 'S'.charCodeAt(0);
      await writeFile(db, edited);
      const after = eventRows(db);
      const changed = [...before.keys()].filter((id) => before.get(id) !== after.get(id));
      if (changed.length === 1) changedEventId = changed[0];
    }
    expect(changedEventId).toBeGreaterThan(1);

    const run = await runCli(['verify', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`FAIL  ${executionArn}  event ${changedEventId} (`);
    expect(run.stdout).toContain('was altered: its hash does not match the chain');
    expect(run.stdout).toContain('1 execution verified: 1 with a broken hash chain.');
    const json = JSON.parse((await runCli(['verify', '--db', db, '--execution', executionArn, '--json'])).stdout) as {
      eventCount: number;
      problem: { kind: string; eventId: number };
    }[];
    expect(json).toEqual([
      expect.objectContaining({
        eventCount: (changedEventId ?? 0) - 1,
        problem: expect.objectContaining({ kind: 'altered', eventId: changedEventId }),
      }),
    ]);
  });

  it('names an event deleted from the middle of a history as removed', async () => {
    const { db, executionArn } = await storedExecution('deleted');
    const handle = new BetterSqlite3(db);
    handle.prepare('delete from events where execution_arn = ? and id = 3').run(executionArn);
    handle.close();
    const run = await runCli(['verify', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`FAIL  ${executionArn}  event 3 is missing: the chain goes from event 2 to event 4`);
  });
});
