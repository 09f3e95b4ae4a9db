import { describe, expect, it } from 'vitest';
import type { ActivityRecord, StateMachineRecord } from '../store/index.js';
import { InvalidStoreCursor, StoreClosed } from '../store/index.js';
import type { StoreUnderTest } from './store-under-test.js';
import { collectPages } from './store-contract-listing.js';
import {
  activityArn,
  activityRecord,
  executionSummary,
  historyEvents,
  isoAt,
  stateMachineArn,
  stateMachineRecord,
  stateMachineRevision,
} from './store-test-data.js';

/** State machines, their revisions, activities, and close. */
export function describeRecordsContract({ store }: StoreUnderTest): void {
  const machine = (name: string, createdAtMs: number, overrides: Partial<StateMachineRecord> = {}) =>
    stateMachineRecord({
      name,
      stateMachineArn: stateMachineArn(name),
      creationDate: isoAt(createdAtMs),
      ...overrides,
    });
  const activity = (name: string, createdAtMs: number, overrides: Partial<ActivityRecord> = {}) =>
    activityRecord({ name, activityArn: activityArn(name), creationDate: isoAt(createdAtMs), ...overrides });

  describe('state machines', () => {
    it('stores a record with every field and gives it back', async () => {
      const record = machine('Full', 0, {
        type: 'EXPRESS',
        updateDate: isoAt(10),
        description: 'Grüße — a description',
        loggingConfiguration: {
          level: 'ALL',
          includeExecutionData: true,
          destinations: [
            { cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:g:*' } },
          ],
        },
        tracingConfiguration: { enabled: false },
        tags: [
          { key: 'team', value: 'payments' },
          { key: 'ключ', value: '' },
        ],
      });
      await store().putStateMachine(record);
      expect(await store().getStateMachine(record.stateMachineArn)).toEqual(record);
    });

    it('keeps optional fields absent when they were absent', async () => {
      const record = machine('Minimal', 0, { tags: [] });
      await store().putStateMachine(record);
      const stored = await store().getStateMachine(record.stateMachineArn);
      expect(stored !== undefined && Object.keys(stored).sort()).toEqual(Object.keys(record).sort());
    });

    it('answers undefined for an unknown state machine', async () => {
      expect(await store().getStateMachine(stateMachineArn('Unknown'))).toBeUndefined();
    });

    it('replaces a record put again under the same ARN', async () => {
      await store().putStateMachine(machine('Changing', 0));
      const updated = machine('Changing', 0, {
        definition: '{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}',
        revisionId: 'revision-2',
        updateDate: isoAt(50),
        tags: [],
      });
      await store().putStateMachine(updated);
      expect(await store().getStateMachine(updated.stateMachineArn)).toEqual(updated);
      expect((await store().listStateMachines({ limit: 10 })).items).toEqual([updated]);
    });

    it('lists oldest first, ties by ARN, through cursors without duplicates or gaps', async () => {
      for (const [name, createdAtMs] of [
        ['m4', 400],
        ['m1', 100],
        ['m3b', 300],
        ['m3a', 300],
        ['m2', 200],
      ] as const) {
        await store().putStateMachine(machine(name, createdAtMs));
      }
      for (const limit of [1, 2, 5, 6]) {
        const { items } = await collectPages(limit, (page) => store().listStateMachines(page));
        expect(items.map((record) => record.name)).toEqual(['m1', 'm2', 'm3a', 'm3b', 'm4']);
      }
    });

    it('deletes a record but keeps its revisions', async () => {
      const record = machine('Deleted', 0);
      const revision = stateMachineRevision({ stateMachineArn: record.stateMachineArn });
      await store().putStateMachine(record);
      await store().putStateMachineRevision(revision);
      await store().putStateMachine(machine('Kept', 1));
      await store().deleteStateMachine(record.stateMachineArn);
      expect(await store().getStateMachine(record.stateMachineArn)).toBeUndefined();
      expect((await store().listStateMachines({ limit: 10 })).items.map((item) => item.name)).toEqual(['Kept']);
      expect(await store().getStateMachineRevision(record.stateMachineArn, revision.revisionId)).toEqual(revision);
    });

    it('ignores the deletion of an unknown state machine', async () => {
      await store().deleteStateMachine(stateMachineArn('Unknown'));
      expect((await store().listStateMachines({ limit: 10 })).items).toEqual([]);
    });

    it('rejects a cursor it did not hand out with InvalidStoreCursor', async () => {
      await expect(store().listStateMachines({ limit: 1, cursor: '%%%' })).rejects.toBeInstanceOf(InvalidStoreCursor);
    });
  });

  describe('state machine revisions', () => {
    it('keeps every revision of a state machine apart', async () => {
      const arn = stateMachineArn('Revised');
      const first = stateMachineRevision({ stateMachineArn: arn, revisionId: 'r1', definition: '{"v":1}' });
      const second = stateMachineRevision({
        stateMachineArn: arn,
        revisionId: 'r2',
        definition: '{"v":2}',
        creationDate: isoAt(5),
      });
      const other = stateMachineRevision({
        stateMachineArn: stateMachineArn('Other'),
        revisionId: 'r1',
        definition: '{"v":3}',
      });
      await store().putStateMachineRevision(first);
      await store().putStateMachineRevision(second);
      await store().putStateMachineRevision(other);
      expect(await store().getStateMachineRevision(arn, 'r1')).toEqual(first);
      expect(await store().getStateMachineRevision(arn, 'r2')).toEqual(second);
      expect(await store().getStateMachineRevision(stateMachineArn('Other'), 'r1')).toEqual(other);
    });

    it('treats putting the same revision twice as harmless', async () => {
      const revision = stateMachineRevision();
      await store().putStateMachineRevision(revision);
      await store().putStateMachineRevision(revision);
      expect(await store().getStateMachineRevision(revision.stateMachineArn, revision.revisionId)).toEqual(revision);
    });

    it('answers undefined for an unknown revision', async () => {
      await store().putStateMachineRevision(stateMachineRevision());
      expect(await store().getStateMachineRevision(stateMachineArn('HelloWorld'), 'missing')).toBeUndefined();
      expect(await store().getStateMachineRevision(stateMachineArn('Unknown'), 'revision-1')).toBeUndefined();
    });
  });

  describe('activities', () => {
    it('stores, replaces and gives back a record with its tags', async () => {
      const record = activity('worker', 0, {
        tags: [
          { key: 'k', value: 'v' },
          { key: 'ü', value: '✓' },
        ],
      });
      await store().putActivity(record);
      expect(await store().getActivity(record.activityArn)).toEqual(record);
      const replaced = { ...record, tags: [] };
      await store().putActivity(replaced);
      expect(await store().getActivity(record.activityArn)).toEqual(replaced);
      expect(await store().getActivity(activityArn('unknown'))).toBeUndefined();
    });

    it('lists oldest first, ties by ARN, through cursors without duplicates or gaps', async () => {
      for (const [name, createdAtMs] of [
        ['c', 30],
        ['a', 10],
        ['b2', 20],
        ['b1', 20],
      ] as const) {
        await store().putActivity(activity(name, createdAtMs));
      }
      for (const limit of [1, 3, 4]) {
        const { items } = await collectPages(limit, (page) => store().listActivities(page));
        expect(items.map((record) => record.name)).toEqual(['a', 'b1', 'b2', 'c']);
      }
    });

    it('deletes a record and ignores the deletion of an unknown one', async () => {
      await store().putActivity(activity('gone', 0));
      await store().putActivity(activity('kept', 1));
      await store().deleteActivity(activityArn('gone'));
      await store().deleteActivity(activityArn('never'));
      expect(await store().getActivity(activityArn('gone'))).toBeUndefined();
      expect((await store().listActivities({ limit: 10 })).items.map((record) => record.name)).toEqual(['kept']);
    });
  });

  describe('close', () => {
    it('rejects every later call with StoreClosed and tolerates a second close', async () => {
      const summary = executionSummary();
      await store().createExecution(summary, historyEvents(1, 1));
      await store().close();
      await expect(store().getExecution(summary.executionArn)).rejects.toBeInstanceOf(StoreClosed);
      await expect(
        store().append(summary.executionArn, 1, historyEvents(2, 1), { ...summary, lastEventId: 2 }),
      ).rejects.toBeInstanceOf(StoreClosed);
      await expect(store().listStateMachines({ limit: 1 })).rejects.toBeInstanceOf(StoreClosed);
      await expect(store().close()).resolves.toBeUndefined();
    });
  });
}
