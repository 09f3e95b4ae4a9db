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
async function storedExecution(
  name: string,
): Promise<{ db: string; executionArn: string; stateMachineArn: string; revisionId: string }> {
  const db = join(dir.path, `${name}.db`);
  const store = await sqliteStore({ filename: db });
  const sfn = new StepFunctions({ store, clock: new FakeClock() });
  const { stateMachineArn } = await sfn.createStateMachine({
    name: 'marked',
    definition: JSON.stringify(MARKED),
    roleArn: 'arn:aws:iam::123456789012:role/r',
  });
  const { executionArn } = await sfn.startExecution({ stateMachineArn, name: 'e1', input: '{}' });
  const { revisionId = '' } = await sfn.describeStateMachine({ stateMachineArn });
  await sfn.close();
  await store.close();
  return { db, executionArn, stateMachineArn, revisionId };
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

/** Runs one SQL statement on the file, behind the store's back. */
function editFile(db: string, sql: string, ...parameters: string[]): void {
  const handle = new BetterSqlite3(db);
  handle.prepare(sql).run(...parameters);
  handle.close();
}

describe('statefold verify of the rows served from the histories', () => {
  it('names an executions row whose status, error and cause were changed', async () => {
    const { db, executionArn } = await storedExecution('row');
    editFile(
      db,
      "update executions set status = 'FAILED', error = 'States.Forged', cause = 'x', output = null where execution_arn = ?",
      executionArn,
    );
    const run = await runCli(['verify', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `FAIL  ${executionArn}  the executions row was changed (status, output, error, cause): its status is "FAILED", its history says "SUCCEEDED"`,
    );
    expect(run.stdout).toContain('1 execution verified: 1 with a row that does not match its history.');
    const [json] = JSON.parse((await runCli(['verify', '--db', db, '--json'])).stdout) as unknown[];
    expect(json).toMatchObject({
      problem: { kind: 'projection', row: 'executions', members: ['status', 'output', 'error', 'cause'] },
    });
  });

  it('names an executions row whose stop date was changed', async () => {
    const { db, executionArn } = await storedExecution('stopped');
    editFile(db, "update executions set stop_date = '2030-01-01T00:00:00.000Z' where execution_arn = ?", executionArn);
    const run = await runCli(['verify', '--db', db, '--execution', executionArn]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('the executions row was changed (stopDate)');
  });

  it('names the revision an execution ran when its definition was changed in the file', async () => {
    const { db, executionArn, stateMachineArn, revisionId } = await storedExecution('revision');
    const injected = JSON.stringify({ StartAt: 'Tamper', States: { Tamper: { Type: 'Succeed' } } });
    editFile(
      db,
      'update state_machine_revisions set definition = ? where state_machine_arn = ? and revision_id = ?',
      injected,
      stateMachineArn,
      revisionId,
    );
    const run = await runCli(['verify', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `FAIL  ${executionArn}  the revision it ran (${revisionId}) was changed (definition): it is not the one its history records`,
    );
  });
});

describe('statefold import never changes what the file holds', () => {
  it('refuses an export with no events whose revision names an existing one with another definition', async () => {
    const { db, executionArn, stateMachineArn, revisionId } = await storedExecution('target');
    const injected = JSON.stringify({ StartAt: 'Injected', States: { Injected: { Type: 'Succeed' } } });
    const summary = {
      executionArn: `${executionArn}-injected`,
      stateMachineArn,
      stateMachineRevisionId: revisionId,
      name: 'e1-injected',
      status: 'SUCCEEDED',
      startDate: '2026-01-01T00:00:00.000Z',
      input: '{}',
      lastEventId: 1,
    };
    const revision = {
      stateMachineArn,
      revisionId,
      definition: injected,
      roleArn: 'arn:aws:iam::123456789012:role/r',
      creationDate: '2026-01-01T00:00:00.000Z',
    };
    const file = join(dir.path, 'injected.jsonl');
    await writeFile(file, `${JSON.stringify({ kind: 'execution', execution: summary, revision })}\n`);
    const run = await runCli(['import', file, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`refused   ${summary.executionArn}: event 1 is missing`);

    // With an execution line claiming none at all, the header itself is refused.
    await writeFile(
      file,
      `${JSON.stringify({ kind: 'execution', execution: { ...summary, lastEventId: 0 }, revision })}\n`,
    );
    const empty = await runCli(['import', file, '--db', db]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('"execution.lastEventId" is not a whole number of at least 1');
    expect(empty.stderr).not.toContain('    at ');
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  });

  it('refuses a real export whose header was edited to replace an existing revision, and one that contradicts its events', async () => {
    const source = await storedExecution('source');
    const target = await storedExecution('existing');
    const file = join(dir.path, 'source.jsonl');
    expect((await runCli(['export', source.executionArn, '--db', source.db, '--output', file])).code).toBe(0);
    const [header, ...events] = (await readFile(file, 'utf8')).trim().split('\n');
    const parsed = JSON.parse(header ?? '') as {
      execution: Record<string, unknown>;
      revision: Record<string, unknown>;
    };

    // The same state machine ARN, now naming the target's revision with the source's other definition.
    const retargeted = {
      ...parsed,
      execution: { ...parsed.execution, stateMachineRevisionId: target.revisionId },
      revision: { ...parsed.revision, revisionId: target.revisionId, definition: '{"StartAt":"X","States":{}}' },
    };
    await writeFile(file, [JSON.stringify(retargeted), ...events].join('\n'));
    const run = await runCli(['import', file, '--db', target.db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('its header contradicts its events');
    expect((await runCli(['verify', '--db', target.db])).stdout).toContain('every row matches its history');

    // A header whose revision matches what the events record, but which already exists otherwise.
    const fresh = join(dir.path, 'fresh.db');
    const edited = { ...parsed, revision: { ...parsed.revision, creationDate: '2000-01-01T00:00:00.000Z' } };
    await writeFile(file, [JSON.stringify(edited), ...events].join('\n'));
    expect((await runCli(['import', file, '--db', source.db])).stdout).toContain('skipped');
    expect((await runCli(['import', file, '--db', fresh])).code).toBe(0);
    const status = { ...parsed, execution: { ...parsed.execution, status: 'FAILED' } };
    await writeFile(file, [JSON.stringify(status), ...events].join('\n'));
    const forged = await runCli(['import', file, '--db', join(dir.path, 'forged.db')]);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain('its header contradicts its events: the executions row was changed (status)');
  });

  it('refuses a bad header or a very deep event with one line, not a stack trace', async () => {
    const { db } = await storedExecution('deep');
    const file = join(dir.path, 'bad.jsonl');
    await writeFile(file, `${JSON.stringify({ kind: 'execution', execution: { executionArn: 'arn:x' } })}\n`);
    const header = await runCli(['import', file, '--db', db]);
    expect(header.code).toBe(2);
    expect(header.stderr).toContain('Line 1: an execution line whose "execution.stateMachineArn" is not a string');
    expect(header.stderr).not.toContain('    at ');

    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    await writeFile(
      file,
      `{"kind":"event","executionArn":"arn:x","hash":"${'0'.repeat(64)}","event":{"id":1,"type":"ExecutionStarted","x":${deep}}}\n`,
    );
    for (const command of [
      ['import', file, '--db', db],
      ['verify', file],
    ]) {
      const run = await runCli(command);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${file}: line 1 nests deeper than 1000 levels`);
      expect(run.stderr).not.toContain('    at ');
    }
  });
});
