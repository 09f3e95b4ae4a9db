import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  activityRecord,
  collectPages,
  executionSummary,
  historyEvents,
  isoAt,
  stateMachineRecord,
  stateMachineRevision,
  variedHistory,
} from '@statefold/core/testing';
import { sqliteStore } from './index.js';

describe('SqliteStore reopened on the same file', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'statefold-sqlite-reopen-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('reads back everything written before it was closed', async () => {
    const filename = join(directory, 'nested', 'store.db');
    const machine = stateMachineRecord({ description: 'kept', loggingConfiguration: { level: 'OFF' } });
    const revision = stateMachineRevision();
    const activity = activityRecord({ tags: [{ key: 'k', value: 'v' }] });
    const varied = variedHistory('{"a":1}');
    const failed = executionSummary({
      name: 'varied',
      lastEventId: varied.length,
      status: 'FAILED',
      stopDate: isoAt(99),
      error: 'E',
      cause: 'C',
    });
    const running = executionSummary({ name: 'running', startDate: isoAt(5) });

    const first = await sqliteStore({ filename });
    await first.putStateMachine(machine);
    await first.putStateMachineRevision(revision);
    await first.putActivity(activity);
    await first.createExecution(failed, varied);
    await first.createExecution(running, historyEvents(1, 1));
    await first.append(running.executionArn, 1, historyEvents(2, 4), { ...running, lastEventId: 5 });
    await first.close();

    const second = await sqliteStore({ filename });
    expect(await second.getStateMachine(machine.stateMachineArn)).toEqual(machine);
    expect(await second.getStateMachineRevision(revision.stateMachineArn, revision.revisionId)).toEqual(revision);
    expect(await second.getActivity(activity.activityArn)).toEqual(activity);
    expect(await second.readEvents(failed.executionArn)).toEqual(varied);
    expect(await second.readEvents(running.executionArn)).toEqual(historyEvents(1, 5));
    const listed = await collectPages(1, (page) =>
      second.listExecutions({ stateMachineArn: running.stateMachineArn, ...page }),
    );
    expect(listed.items).toEqual([{ ...running, lastEventId: 5 }, failed]);
    expect((await second.listOpenExecutions({ limit: 10 })).items).toEqual([{ ...running, lastEventId: 5 }]);
    await second.append(running.executionArn, 5, historyEvents(6, 1), { ...running, lastEventId: 6 });
    await expect(
      second.append(running.executionArn, 5, historyEvents(6, 1), { ...running, lastEventId: 6 }),
    ).rejects.toMatchObject({ name: 'AppendConflict', actualLastEventId: 6 });
    await second.close();
  });
});
