import { describe, expect, it } from 'vitest';
import {
  ConflictException,
  InvalidArn,
  InvalidName,
  ResourceNotFound,
  StateMachineDoesNotExist,
  ValidationException,
} from '../errors/index.js';
import { memoryStore } from '../store/index.js';
import { createServiceFixture, PASS_DEFINITION, ROLE_ARN } from '../testing/service-fixture.js';

const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:hello';
const V1 = `${SM_ARN}:1`;
const V2 = `${SM_ARN}:2`;
const PROD = `${SM_ARN}:prod`;
const SECOND_DEFINITION = JSON.stringify({ StartAt: 'Q', States: { Q: { Type: 'Pass', Result: 2, End: true } } });

/** A state machine with versions 1 and 2; `draws` are the engine's random numbers, in order. */
async function fixtureWithVersions(draws: number[] = []) {
  const queue = [...draws];
  const fixture = createServiceFixture(memoryStore(), { random: () => queue.shift() ?? 0.5 });
  const { sfn } = fixture;
  await sfn.createStateMachine({ name: 'hello', definition: PASS_DEFINITION, roleArn: ROLE_ARN, publish: true });
  await sfn.updateStateMachine({ stateMachineArn: SM_ARN, definition: SECOND_DEFINITION, publish: true });
  return fixture;
}

describe('state machine aliases', () => {
  it('creates, describes, updates, lists and deletes an alias', async () => {
    const { sfn, clock } = await fixtureWithVersions();
    const created = await sfn.createStateMachineAlias({
      name: 'prod',
      description: 'live traffic',
      routingConfiguration: [{ stateMachineVersionArn: V1, weight: 100 }],
    });
    expect(created).toEqual({ stateMachineAliasArn: PROD, creationDate: new Date('2024-01-01T00:00:00.000Z') });
    expect(
      await sfn.createStateMachineAlias({
        name: 'prod',
        description: 'live traffic',
        routingConfiguration: [{ stateMachineVersionArn: V1, weight: 100 }],
      }),
    ).toEqual(created);
    await clock.advance(5000);
    const { updateDate } = await sfn.updateStateMachineAlias({
      stateMachineAliasArn: PROD,
      routingConfiguration: [
        { stateMachineVersionArn: V1, weight: 90 },
        { stateMachineVersionArn: V2, weight: 10 },
      ],
    });
    expect(await sfn.describeStateMachineAlias({ stateMachineAliasArn: PROD })).toEqual({
      stateMachineAliasArn: PROD,
      name: 'prod',
      description: 'live traffic',
      routingConfiguration: [
        { stateMachineVersionArn: V1, weight: 90 },
        { stateMachineVersionArn: V2, weight: 10 },
      ],
      creationDate: created.creationDate,
      updateDate,
    });
    await sfn.createStateMachineAlias({
      name: 'beta',
      routingConfiguration: [{ stateMachineVersionArn: V2, weight: 100 }],
    });
    const all = await sfn.listStateMachineAliases({ stateMachineArn: SM_ARN });
    expect(all.stateMachineAliases.map((alias) => alias.stateMachineAliasArn)).toEqual([`${SM_ARN}:beta`, PROD]);
    const routingToV1 = await sfn.listStateMachineAliases({ stateMachineArn: V1 });
    expect(routingToV1.stateMachineAliases.map((alias) => alias.stateMachineAliasArn)).toEqual([PROD]);
    await sfn.deleteStateMachineAlias({ stateMachineAliasArn: PROD });
    await expect(sfn.describeStateMachineAlias({ stateMachineAliasArn: PROD })).rejects.toThrow(ResourceNotFound);
    await expect(sfn.deleteStateMachineAlias({ stateMachineAliasArn: PROD })).rejects.toThrow(ResourceNotFound);
  });

  it('keeps a version an alias routes to from deletion with ConflictException', async () => {
    const { sfn } = await fixtureWithVersions();
    await sfn.createStateMachineAlias({
      name: 'prod',
      routingConfiguration: [{ stateMachineVersionArn: V1, weight: 100 }],
    });
    await expect(sfn.deleteStateMachineVersion({ stateMachineVersionArn: V1 })).rejects.toThrow(
      new ConflictException(
        'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [prod]',
      ),
    );
    await sfn.deleteStateMachineVersion({ stateMachineVersionArn: V2 });
    expect((await sfn.listStateMachineVersions({ stateMachineArn: SM_ARN })).stateMachineVersions).toHaveLength(1);
  });

  it('refuses routing AWS refuses, with the reason INVALID_ROUTING_CONFIGURATION', async () => {
    const { sfn } = await fixtureWithVersions();
    const create = (routingConfiguration: { stateMachineVersionArn: string; weight: number }[]) =>
      sfn.createStateMachineAlias({ name: 'prod', routingConfiguration });
    for (const routing of [
      [{ stateMachineVersionArn: V1, weight: 60 }],
      [
        { stateMachineVersionArn: V1, weight: 50 },
        { stateMachineVersionArn: V1, weight: 50 },
      ],
      [
        { stateMachineVersionArn: V1, weight: 50 },
        { stateMachineVersionArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:other:1', weight: 50 },
      ],
    ]) {
      await expect(create(routing)).rejects.toMatchObject({
        name: 'ValidationException',
        reason: 'INVALID_ROUTING_CONFIGURATION',
      });
    }
    await expect(create([])).rejects.toThrow(ValidationException);
    await expect(create([{ stateMachineVersionArn: V1, weight: 101 }])).rejects.toThrow(ValidationException);
    await expect(create([{ stateMachineVersionArn: SM_ARN, weight: 100 }])).rejects.toThrow(InvalidArn);
    await expect(create([{ stateMachineVersionArn: `${SM_ARN}:9`, weight: 100 }])).rejects.toThrow(ResourceNotFound);
    await expect(
      sfn.createStateMachineAlias({ name: '123', routingConfiguration: [{ stateMachineVersionArn: V1, weight: 100 }] }),
    ).rejects.toThrow(InvalidName);
    await create([{ stateMachineVersionArn: V1, weight: 100 }]);
    await expect(create([{ stateMachineVersionArn: V2, weight: 100 }])).rejects.toThrow(ConflictException);
    await expect(sfn.updateStateMachineAlias({ stateMachineAliasArn: PROD })).rejects.toMatchObject({
      name: 'ValidationException',
      reason: 'MISSING_REQUIRED_PARAMETER',
    });
    await expect(sfn.describeStateMachineAlias({ stateMachineAliasArn: V1 })).rejects.toThrow(InvalidArn);
    await expect(sfn.listStateMachineAliases({ stateMachineArn: `${SM_ARN}-none` })).rejects.toThrow(
      StateMachineDoesNotExist,
    );
  });
});

describe('executions of versions and aliases', () => {
  it('runs the version the alias draws from the engine randomness and reports both ARNs', async () => {
    // 0.95 * 100 falls in V2's share (90–100); 0.2 * 100 in V1's (0–90).
    const { sfn, clock } = await fixtureWithVersions([0.95, 0.2]);
    await sfn.createStateMachineAlias({
      name: 'prod',
      routingConfiguration: [
        { stateMachineVersionArn: V1, weight: 90 },
        { stateMachineVersionArn: V2, weight: 10 },
      ],
    });
    const toV2 = await sfn.startExecution({ stateMachineArn: PROD, name: 'first' });
    const toV1 = await sfn.startExecution({ stateMachineArn: PROD, name: 'second' });
    await clock.settle();
    expect(await sfn.describeExecution({ executionArn: toV2.executionArn })).toMatchObject({
      stateMachineArn: SM_ARN,
      stateMachineVersionArn: V2,
      stateMachineAliasArn: PROD,
      status: 'SUCCEEDED',
      output: '2',
    });
    expect(await sfn.describeExecution({ executionArn: toV1.executionArn })).toMatchObject({
      stateMachineVersionArn: V1,
      output: '{}',
    });
    const forExecution = await sfn.describeStateMachineForExecution({ executionArn: toV2.executionArn });
    expect(forExecution.definition).toBe(SECOND_DEFINITION);
    const [started] = (await sfn.getExecutionHistory({ executionArn: toV2.executionArn })).events;
    expect(started?.type === 'ExecutionStarted' && started.executionStartedEventDetails).toMatchObject({
      stateMachineAliasArn: PROD,
      stateMachineVersionArn: V2,
    });
  });

  it('runs a version directly and lists executions by state machine, version and alias', async () => {
    const { sfn, clock } = await fixtureWithVersions();
    await sfn.createStateMachineAlias({
      name: 'prod',
      routingConfiguration: [{ stateMachineVersionArn: V2, weight: 100 }],
    });
    await sfn.startExecution({ stateMachineArn: SM_ARN, name: 'plain' });
    await clock.advance(1000);
    await sfn.startExecution({ stateMachineArn: V1, name: 'by-version' });
    await clock.advance(1000);
    await sfn.startExecution({ stateMachineArn: PROD, name: 'by-alias' });
    await clock.settle();
    const names = async (stateMachineArn: string) =>
      (await sfn.listExecutions({ stateMachineArn })).executions.map((execution) => execution.name);
    expect(await names(SM_ARN)).toEqual(['by-alias', 'by-version', 'plain']);
    expect(await names(V1)).toEqual(['by-version']);
    expect(await names(V2)).toEqual(['by-alias']);
    expect(await names(PROD)).toEqual(['by-alias']);
    const [byAlias, byVersion, plain] = (await sfn.listExecutions({ stateMachineArn: SM_ARN })).executions;
    expect(byAlias).toMatchObject({ stateMachineVersionArn: V2, stateMachineAliasArn: PROD });
    expect(byVersion).toMatchObject({ stateMachineVersionArn: V1 });
    expect(byVersion).not.toHaveProperty('stateMachineAliasArn');
    expect(plain).not.toHaveProperty('stateMachineVersionArn');
    await expect(sfn.startExecution({ stateMachineArn: `${SM_ARN}:9` })).rejects.toThrow(
      new StateMachineDoesNotExist(`${SM_ARN}:9`),
    );
    await expect(sfn.startExecution({ stateMachineArn: `${SM_ARN}:staging` })).rejects.toThrow(
      StateMachineDoesNotExist,
    );
    await expect(sfn.listExecutions({ stateMachineArn: `${SM_ARN}:9` })).rejects.toThrow(StateMachineDoesNotExist);
  });
});
