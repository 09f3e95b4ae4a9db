import { describe, expect, it } from 'vitest';
import {
  ConflictException,
  InvalidArn,
  ServiceQuotaExceededException,
  StateMachineDoesNotExist,
  ValidationException,
} from '../errors/index.js';
import { memoryStore } from '../store/index.js';
import { createServiceFixture, PASS_DEFINITION, ROLE_ARN } from '../testing/service-fixture.js';

const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:hello';
const WAIT_DEFINITION = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 5, End: true } } });

async function fixtureWithMachine() {
  const fixture = createServiceFixture(memoryStore());
  await fixture.sfn.createStateMachine({ name: 'hello', definition: PASS_DEFINITION, roleArn: ROLE_ARN });
  return fixture;
}

describe('PublishStateMachineVersion', () => {
  it('numbers versions 1, 2 … and returns the version of a revision already published', async () => {
    const { sfn, clock } = await fixtureWithMachine();
    const first = await sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN, description: 'one' });
    expect(first).toEqual({
      stateMachineVersionArn: `${SM_ARN}:1`,
      creationDate: new Date('2024-01-01T00:00:00.000Z'),
    });
    await clock.advance(1000);
    expect(await sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN })).toEqual(first);
    await sfn.updateStateMachine({ stateMachineArn: SM_ARN, definition: WAIT_DEFINITION });
    const second = await sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN });
    expect(second.stateMachineVersionArn).toBe(`${SM_ARN}:2`);
    const listed = await sfn.listStateMachineVersions({ stateMachineArn: SM_ARN, maxResults: 1 });
    expect(listed.stateMachineVersions).toEqual([second]);
    const next = await sfn.listStateMachineVersions({ stateMachineArn: SM_ARN, nextToken: listed.nextToken });
    expect(next).toEqual({ stateMachineVersions: [first] });
  });

  it('describes a version as the snapshot it was published from, whatever the state machine became', async () => {
    const { sfn } = await fixtureWithMachine();
    await sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN, description: 'first version' });
    await sfn.updateStateMachine({ stateMachineArn: SM_ARN, definition: WAIT_DEFINITION });
    const described = await sfn.describeStateMachine({ stateMachineArn: `${SM_ARN}:1` });
    expect(described).toMatchObject({
      stateMachineArn: `${SM_ARN}:1`,
      name: 'hello',
      definition: PASS_DEFINITION,
      description: 'first version',
      revisionId: '00000000-0000-4000-8000-000000000001',
    });
    expect((await sfn.describeStateMachine({ stateMachineArn: SM_ARN })).definition).toBe(WAIT_DEFINITION);
    await expect(sfn.describeStateMachine({ stateMachineArn: `${SM_ARN}:7` })).rejects.toThrow(
      new StateMachineDoesNotExist(`${SM_ARN}:7`),
    );
  });

  it('checks revisionId: the current one or INITIAL publishes, a stale one is ConflictException', async () => {
    const { sfn } = await fixtureWithMachine();
    await expect(
      sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN, revisionId: 'INITIAL' }),
    ).resolves.toMatchObject({ stateMachineVersionArn: `${SM_ARN}:1` });
    const { revisionId } = await sfn.updateStateMachine({ stateMachineArn: SM_ARN, definition: WAIT_DEFINITION });
    await expect(sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN, revisionId: 'INITIAL' })).rejects.toThrow(
      ConflictException,
    );
    await expect(sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN, revisionId })).resolves.toMatchObject({
      stateMachineVersionArn: `${SM_ARN}:2`,
    });
  });

  it('never reuses the number of a deleted version', async () => {
    const { sfn } = await fixtureWithMachine();
    await sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN });
    await sfn.deleteStateMachineVersion({ stateMachineVersionArn: `${SM_ARN}:1` });
    await sfn.deleteStateMachineVersion({ stateMachineVersionArn: `${SM_ARN}:1` });
    await sfn.updateStateMachine({ stateMachineArn: SM_ARN, definition: WAIT_DEFINITION });
    expect((await sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN })).stateMachineVersionArn).toBe(
      `${SM_ARN}:2`,
    );
  });

  it('refuses a version past the quota of 1000 with ServiceQuotaExceededException', async () => {
    const { sfn, store } = await fixtureWithMachine();
    const record = await store.getStateMachine(SM_ARN);
    if (record === undefined) throw new Error('no state machine');
    for (let version = 1; version <= 1000; version += 1) {
      await store.createStateMachineVersion({
        stateMachineVersionArn: `${SM_ARN}:${version}`,
        stateMachineArn: SM_ARN,
        version,
        revisionId: `old-${version}`,
        creationDate: record.creationDate,
        type: 'STANDARD',
        definition: PASS_DEFINITION,
        roleArn: ROLE_ARN,
      });
    }
    await expect(sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN })).rejects.toThrow(
      ServiceQuotaExceededException,
    );
  });

  it('answers bad requests with AWS errors', async () => {
    const { sfn } = await fixtureWithMachine();
    await expect(sfn.publishStateMachineVersion({ stateMachineArn: `${SM_ARN}x` })).rejects.toThrow(
      StateMachineDoesNotExist,
    );
    await expect(sfn.publishStateMachineVersion({ stateMachineArn: 'arn:aws:nope' })).rejects.toThrow(InvalidArn);
    await expect(
      sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN, description: 'x'.repeat(257) }),
    ).rejects.toThrow(ValidationException);
    await expect(sfn.deleteStateMachineVersion({ stateMachineVersionArn: SM_ARN })).rejects.toThrow(InvalidArn);
    await expect(sfn.listStateMachineVersions({ stateMachineArn: `${SM_ARN}:1` })).rejects.toThrow(InvalidArn);
    expect(await sfn.listStateMachineVersions({ stateMachineArn: `${SM_ARN}-none` })).toEqual({
      stateMachineVersions: [],
    });
  });
});

describe('publish on CreateStateMachine and UpdateStateMachine', () => {
  it('publishes version 1 on create and the next one on update, with their descriptions', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    const created = await sfn.createStateMachine({
      name: 'hello',
      definition: PASS_DEFINITION,
      roleArn: ROLE_ARN,
      publish: true,
      versionDescription: 'v1',
    });
    expect(created.stateMachineVersionArn).toBe(`${SM_ARN}:1`);
    const updated = await sfn.updateStateMachine({
      stateMachineArn: SM_ARN,
      definition: WAIT_DEFINITION,
      publish: true,
      versionDescription: 'v2',
    });
    expect(updated.stateMachineVersionArn).toBe(`${SM_ARN}:2`);
    expect((await sfn.describeStateMachine({ stateMachineArn: `${SM_ARN}:2` })).description).toBe('v2');
    const plain = await sfn.updateStateMachine({ stateMachineArn: SM_ARN, tracingConfiguration: { enabled: true } });
    expect(plain).not.toHaveProperty('stateMachineVersionArn');
  });

  it('refuses a versionDescription without publish with ValidationException', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    const create = sfn.createStateMachine({
      name: 'hello',
      definition: PASS_DEFINITION,
      roleArn: ROLE_ARN,
      versionDescription: 'v1',
    });
    await expect(create).rejects.toThrow(
      new ValidationException('Version description can only be set when publish is true'),
    );
    await sfn.createStateMachine({ name: 'hello', definition: PASS_DEFINITION, roleArn: ROLE_ARN });
    await expect(
      sfn.updateStateMachine({ stateMachineArn: SM_ARN, definition: WAIT_DEFINITION, versionDescription: 'v' }),
    ).rejects.toThrow(ValidationException);
  });

  it('stores and describes an encryption configuration', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await sfn.createStateMachine({
      name: 'hello',
      definition: PASS_DEFINITION,
      roleArn: ROLE_ARN,
      encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
    });
    expect((await sfn.describeStateMachine({ stateMachineArn: SM_ARN })).encryptionConfiguration).toEqual({
      type: 'AWS_OWNED_KEY',
    });
  });

  it('deletes the versions and aliases with their state machine, and refuses a qualified ARN', async () => {
    const { sfn } = await fixtureWithMachine();
    await sfn.publishStateMachineVersion({ stateMachineArn: SM_ARN });
    await sfn.createStateMachineAlias({
      name: 'prod',
      routingConfiguration: [{ stateMachineVersionArn: `${SM_ARN}:1`, weight: 100 }],
    });
    await expect(sfn.deleteStateMachine({ stateMachineArn: `${SM_ARN}:1` })).rejects.toThrow(ValidationException);
    await sfn.deleteStateMachine({ stateMachineArn: SM_ARN });
    await sfn.createStateMachine({ name: 'hello', definition: PASS_DEFINITION, roleArn: ROLE_ARN });
    expect(await sfn.listStateMachineVersions({ stateMachineArn: SM_ARN })).toEqual({ stateMachineVersions: [] });
    expect(await sfn.listStateMachineAliases({ stateMachineArn: SM_ARN })).toEqual({ stateMachineAliases: [] });
  });
});
