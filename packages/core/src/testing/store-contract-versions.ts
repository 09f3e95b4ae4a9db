import { describe, expect, it } from 'vitest';
import type { StateMachineAliasRecord, StateMachineVersionRecord } from '../store/index.js';
import { collectPages } from './store-contract-listing.js';
import {
  executionArn,
  executionSummary,
  historyEvents,
  isoAt,
  stateMachineArn,
  stateMachineRecord,
} from './store-test-data.js';
import type { StoreUnderTest } from './store-under-test.js';

const machineArn = stateMachineArn('Versioned');

function version(number: number, overrides: Partial<StateMachineVersionRecord> = {}): StateMachineVersionRecord {
  return {
    stateMachineVersionArn: `${machineArn}:${number}`,
    stateMachineArn: machineArn,
    version: number,
    revisionId: `revision-${number}`,
    creationDate: isoAt(number * 10),
    type: 'STANDARD',
    definition: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    ...overrides,
  };
}

function alias(
  name: string,
  createdAtMs: number,
  overrides: Partial<StateMachineAliasRecord> = {},
): StateMachineAliasRecord {
  return {
    stateMachineAliasArn: `${machineArn}:${name}`,
    stateMachineArn: machineArn,
    name,
    routingConfiguration: [{ stateMachineVersionArn: `${machineArn}:1`, weight: 100 }],
    creationDate: isoAt(createdAtMs),
    updateDate: isoAt(createdAtMs),
    ...overrides,
  };
}

/** Versions, aliases, and executions listed by the version or alias they were started through. */
export function describeVersionsContract({ store }: StoreUnderTest): void {
  describe('versions and aliases', () => {
    it('stores a version with every field and gives it back', async () => {
      const record = version(1, {
        description: 'first — Grüße',
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: true },
        encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
      });
      await store().createStateMachineVersion(record);
      expect(await store().getStateMachineVersion(record.stateMachineVersionArn)).toEqual(record);
      expect(await store().getStateMachineVersion(`${machineArn}:9`)).toBeUndefined();
    });

    it('refuses a second version under the same ARN with RecordAlreadyStored', async () => {
      await store().createStateMachineVersion(version(1));
      await expect(store().createStateMachineVersion(version(1, { revisionId: 'other' }))).rejects.toMatchObject({
        name: 'RecordAlreadyStored',
      });
      expect((await store().getStateMachineVersion(`${machineArn}:1`))?.revisionId).toBe('revision-1');
    });

    it('lists versions highest number first, through cursors, and forgets a deleted one', async () => {
      for (const number of [2, 10, 1, 3]) await store().createStateMachineVersion(version(number));
      await store().createStateMachineVersion(
        version(1, {
          stateMachineArn: stateMachineArn('Other'),
          stateMachineVersionArn: `${stateMachineArn('Other')}:1`,
        }),
      );
      const listed = (await collectPages(3, (page) => store().listStateMachineVersions(machineArn, page))).items;
      expect(listed.map((item) => item.version)).toEqual([10, 3, 2, 1]);
      await store().deleteStateMachineVersion(`${machineArn}:3`);
      await store().deleteStateMachineVersion(`${machineArn}:3`);
      const after = await store().listStateMachineVersions(machineArn, { limit: 10 });
      expect(after.items.map((item) => item.version)).toEqual([10, 2, 1]);
    });

    it('stores, replaces, lists (newest first) and deletes aliases', async () => {
      await store().putStateMachineAlias(alias('old', 0));
      await store().putStateMachineAlias(alias('new', 50, { description: 'd' }));
      const replaced = alias('old', 0, {
        updateDate: isoAt(90),
        routingConfiguration: [
          { stateMachineVersionArn: `${machineArn}:1`, weight: 30 },
          { stateMachineVersionArn: `${machineArn}:2`, weight: 70 },
        ],
      });
      await store().putStateMachineAlias(replaced);
      expect(await store().getStateMachineAlias(replaced.stateMachineAliasArn)).toEqual(replaced);
      const listed = (await collectPages(1, (page) => store().listStateMachineAliases(machineArn, page))).items;
      expect(listed.map((item) => item.name)).toEqual(['new', 'old']);
      await store().deleteStateMachineAlias(replaced.stateMachineAliasArn);
      expect(await store().getStateMachineAlias(replaced.stateMachineAliasArn)).toBeUndefined();
    });

    it('deletes the versions and aliases of a deleted state machine', async () => {
      await store().putStateMachine(stateMachineRecord({ name: 'Versioned', stateMachineArn: machineArn }));
      await store().createStateMachineVersion(version(1));
      await store().putStateMachineAlias(alias('prod', 0));
      await store().deleteStateMachine(machineArn);
      expect(await store().getStateMachineVersion(`${machineArn}:1`)).toBeUndefined();
      expect(await store().getStateMachineAlias(`${machineArn}:prod`)).toBeUndefined();
      expect((await store().listStateMachineVersions(machineArn, { limit: 10 })).items).toEqual([]);
    });

    it('lists the executions started through a version or an alias, and keeps those ARNs across appends', async () => {
      const started = (name: string, at: number, qualifiers: Partial<typeof plain>) => ({
        ...executionSummary({
          name,
          executionArn: executionArn('Versioned', name),
          stateMachineArn: machineArn,
          startDate: isoAt(at),
        }),
        ...qualifiers,
      });
      const plain = executionSummary();
      const direct = started('direct', 1, {});
      const byVersion = started('by-version', 2, { stateMachineVersionArn: `${machineArn}:1` });
      const byAlias = started('by-alias', 3, {
        stateMachineVersionArn: `${machineArn}:1`,
        stateMachineAliasArn: `${machineArn}:prod`,
      });
      for (const summary of [direct, byVersion, byAlias]) await store().createExecution(summary, historyEvents(1, 1));
      await store().append(byAlias.executionArn, 1, historyEvents(2, 1), {
        ...byAlias,
        status: 'SUCCEEDED',
        lastEventId: 2,
      });
      const names = async (query: Parameters<ReturnType<typeof store>['listExecutions']>[0]) =>
        (await store().listExecutions(query)).items.map((item) => item.name);
      expect(await names({ stateMachineArn: machineArn, limit: 10 })).toEqual(['by-alias', 'by-version', 'direct']);
      expect(
        await names({ stateMachineArn: machineArn, stateMachineVersionArn: `${machineArn}:1`, limit: 10 }),
      ).toEqual(['by-alias', 'by-version']);
      expect(
        await names({ stateMachineArn: machineArn, stateMachineAliasArn: `${machineArn}:prod`, limit: 10 }),
      ).toEqual(['by-alias']);
      expect(
        await names({
          stateMachineArn: machineArn,
          stateMachineVersionArn: `${machineArn}:1`,
          status: 'RUNNING',
          limit: 10,
        }),
      ).toEqual(['by-version']);
      expect(await store().getExecution(byAlias.executionArn)).toMatchObject({
        status: 'SUCCEEDED',
        stateMachineVersionArn: `${machineArn}:1`,
        stateMachineAliasArn: `${machineArn}:prod`,
      });
      expect(Object.keys((await store().getExecution(direct.executionArn)) ?? {})).not.toContain(
        'stateMachineVersionArn',
      );
    });
  });
}
