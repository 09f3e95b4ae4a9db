import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/index.js';
import { StepFunctions } from '../service/index.js';
import { FakeClock } from '../testing/fake-clock.js';
import { verifyProjections } from './verify-projections.js';

const DEFINITION = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { a: 1 }, End: true } } });

/** A finished execution's row, revision and history, as a store serves them. */
async function finishedExecution() {
  const store = new MemoryStore();
  const sfn = new StepFunctions({ store, clock: new FakeClock() });
  const { stateMachineArn } = await sfn.createStateMachine({
    name: 'm',
    definition: DEFINITION,
    roleArn: 'arn:aws:iam::123456789012:role/r',
  });
  const { executionArn } = await sfn.startExecution({ stateMachineArn, name: 'e', input: '{}' });
  const summary = await store.getExecution(executionArn);
  if (summary === undefined) throw new Error('no execution');
  const revision = await store.getStateMachineRevision(stateMachineArn, summary.stateMachineRevisionId);
  const events = await store.readEvents(executionArn);
  await sfn.close();
  return { summary, revision, events };
}

describe('verifyProjections', () => {
  it('finds nothing wrong with the rows a store wrote for a history', async () => {
    const { summary, revision, events } = await finishedExecution();
    expect(summary.status).toBe('SUCCEEDED');
    expect(verifyProjections(summary, revision, events)).toEqual({});
  });

  it('names every changed member of the executions row', async () => {
    const { summary, revision, events } = await finishedExecution();
    const { output: _output, ...rest } = summary;
    const problem = verifyProjections({ ...rest, status: 'FAILED', error: 'E' }, revision, events).problem;
    expect(problem).toMatchObject({ kind: 'projection', row: 'executions', members: ['status', 'output', 'error'] });
    expect(problem?.message).toContain('its status is "FAILED", its history says "SUCCEEDED"');
  });

  it('names a revision whose definition or role changed, and one that is missing', async () => {
    const { summary, revision, events } = await finishedExecution();
    if (revision === undefined) throw new Error('no revision');
    expect(
      verifyProjections(summary, { ...revision, definition: `${DEFINITION} `, roleArn: 'arn:x' }, events).problem,
    ).toMatchObject({ row: 'state_machine_revisions', members: ['definition', 'roleArn'] });
    expect(verifyProjections(summary, undefined, events).problem?.message).toContain('is missing');
  });

  it('says what a history recorded before definition hashes does not cover', async () => {
    const { summary, revision, events } = await finishedExecution();
    const [first, ...others] = events;
    if (first?.facts.execution === undefined) throw new Error('no identity');
    const { definitionSha256: _hash, stateMachineRevisionId: _id, ...identity } = first.facts.execution;
    const older = [{ ...first, facts: { ...first.facts, execution: identity } }, ...others];
    expect(verifyProjections(summary, revision, older)).toEqual({
      uncovered: 'its history predates definition hashes: the revision it ran is not covered',
    });
  });

  it('reports a history that does not fold instead of throwing', async () => {
    const { summary, revision, events } = await finishedExecution();
    const [first, ...others] = events;
    if (first === undefined) throw new Error('no events');
    const broken = {
      ...first,
      event: { ...first.event, executionStartedEventDetails: undefined },
    } as unknown as typeof first;
    expect(verifyProjections(summary, revision, [broken, ...others]).problem).toMatchObject({ row: 'events' });
  });
});
