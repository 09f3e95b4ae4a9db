import { describe, expect, it } from 'vitest';
import { memoryStore } from '../store/index.js';
import { executionSummary, historyEvents, stateMachineRevision, variedHistory } from '../testing/store-test-data.js';
import { exportExecutionLines, ExportFileError, parseExportLines } from './export-lines.js';
import { importExecution } from './import-execution.js';
import { verifyChain } from './verify-chain.js';

async function storedExecution(events = historyEvents(1, 5)) {
  const store = memoryStore();
  const summary = executionSummary({ lastEventId: events.length, status: 'SUCCEEDED' });
  const revision = stateMachineRevision();
  await store.putStateMachineRevision(revision);
  await store.createExecution(summary, events);
  return { store, summary, revision, events: await store.readStoredEvents(summary.executionArn) };
}

describe('exports', () => {
  it('write a header line then one event a line with its hash', async () => {
    const { summary, revision, events } = await storedExecution();
    const lines = exportExecutionLines(summary, revision, events);
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0] ?? '')).toEqual({ kind: 'execution', execution: summary, revision });
    expect(JSON.parse(lines[2] ?? '')).toEqual({
      kind: 'event',
      executionArn: summary.executionArn,
      event: events[1]?.event,
      hash: events[1]?.hash,
    });
  });

  it('write the facts of an event that records any beside the event, as a member of their own', async () => {
    const { summary, revision, events } = await storedExecution(variedHistory('{"a":1}'));
    const lines = exportExecutionLines(summary, revision, events).map((line) => JSON.parse(line) as object);
    expect(lines[1]).toEqual({
      kind: 'event',
      executionArn: summary.executionArn,
      event: events[0]?.event,
      facts: events[0]?.facts,
      hash: events[0]?.hash,
    });
    expect(lines[2]).not.toHaveProperty('facts');
    expect(lines[2]).not.toHaveProperty('event.statefold');
  });

  it('import an export with facts losslessly, and the chain verifies', async () => {
    const { summary, revision, events } = await storedExecution(variedHistory('{"a":1}'));
    const [exported] = parseExportLines(exportExecutionLines(summary, revision, events).join('\n'));
    if (exported === undefined) throw new Error('nothing parsed');
    const target = memoryStore();
    expect(await importExecution(target, exported)).toMatchObject({ kind: 'imported', eventCount: events.length });
    const imported = await target.readStoredEvents(summary.executionArn);
    expect(imported).toEqual(events);
    expect(verifyChain(summary.executionArn, imported, events.length).problem).toBeUndefined();
  });

  it('read an export written when the facts were a statefold member of the event, and import it as it was', async () => {
    const { summary, revision, events } = await storedExecution(variedHistory('{"a":1}'));
    const previousFormat = exportExecutionLines(summary, revision, events).map((line) => {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (value['kind'] !== 'event' || value['facts'] === undefined) return line;
      const { facts, event, ...rest } = value;
      return JSON.stringify({ ...rest, event: { ...(event as object), statefold: facts } });
    });
    expect(previousFormat.join('\n')).toContain('"statefold":{"execution"');
    const [exported] = parseExportLines(previousFormat.join('\n'));
    expect(exported?.events).toEqual(events);
    if (exported === undefined) throw new Error('nothing parsed');
    const target = memoryStore();
    expect(await importExecution(target, exported)).toMatchObject({ kind: 'imported' });
    expect(await target.readStoredEvents(summary.executionArn)).toEqual(events);
  });

  it('import into another store losslessly: same summary, events and hashes, and the chain verifies', async () => {
    const { summary, revision, events } = await storedExecution();
    const [exported] = parseExportLines(`${exportExecutionLines(summary, revision, events).join('\n')}\n`);
    if (exported === undefined) throw new Error('nothing parsed');
    const target = memoryStore();
    expect(await importExecution(target, exported)).toEqual({
      kind: 'imported',
      executionArn: summary.executionArn,
      eventCount: 5,
    });
    expect(await target.getExecution(summary.executionArn)).toEqual(summary);
    expect(await target.getStateMachineRevision(revision.stateMachineArn, revision.revisionId)).toEqual(revision);
    const imported = await target.readStoredEvents(summary.executionArn);
    expect(imported).toEqual(events);
    expect(verifyChain(summary.executionArn, imported, 5).problem).toBeUndefined();
    expect(await importExecution(target, exported)).toEqual({ kind: 'exists', executionArn: summary.executionArn });
  });

  it('refuse to change a revision the store holds, writing nothing', async () => {
    const { summary, revision, events } = await storedExecution();
    const [exported] = parseExportLines(exportExecutionLines(summary, revision, events).join('\n'));
    if (exported === undefined) throw new Error('nothing parsed');
    const target = memoryStore();
    const held = { ...revision, definition: '{"StartAt":"Held","States":{"Held":{"Type":"Succeed"}}}' };
    await target.putStateMachineRevision(held);
    expect(await importExecution(target, exported)).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('with another definition; an import never changes an existing revision'),
    });
    expect(await target.getStateMachineRevision(revision.stateMachineArn, revision.revisionId)).toEqual(held);
    expect(await target.getExecution(summary.executionArn)).toBeUndefined();
  });

  it('refuse to import an edited export and name the edited event', async () => {
    const { summary, revision, events } = await storedExecution();
    const lines = exportExecutionLines(summary, revision, events);
    lines[3] = (lines[3] ?? '').replace('Value1', 'Value2');
    const [exported] = parseExportLines(lines.join('\n'));
    if (exported === undefined) throw new Error('nothing parsed');
    const target = memoryStore();
    expect(await importExecution(target, exported)).toMatchObject({
      kind: 'tampered',
      problem: { kind: 'altered', eventId: 3 },
    });
    expect(await target.getExecution(summary.executionArn)).toBeUndefined();
  });

  it('name the line of a file that is not an export', () => {
    expect(() =>
      parseExportLines('{"kind":"event","executionArn":"a","event":{"id":1,"type":"ExecutionStarted"}}'),
    ).toThrow(new ExportFileError(1, 'an event of a before its execution line'));
    expect(() => parseExportLines('\n{oops')).toThrow('Line 2: not JSON');
    expect(() => parseExportLines('[1]')).toThrow('Line 1: not a JSON object');
    expect(() =>
      parseExportLines('{"kind":"execution","execution":{"executionArn":"a","stateMachineArn":"m"}}'),
    ).toThrow('Line 1: an execution line whose "execution.stateMachineRevisionId" is not a string');
  });
});
