import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import {
  InvalidArn,
  InvalidDefinition,
  InvalidEncryptionConfiguration,
  InvalidLoggingConfiguration,
  InvalidName,
  InvalidToken,
  MissingRequiredParameter,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  StateMachineLimitExceeded,
  TooManyTags,
  ValidationException,
} from '../errors/index.js';
import type { CreateStateMachineInput } from './api-types.js';
import { createServiceFixture, PASS_DEFINITION, ROLE_ARN } from '../testing/service-fixture.js';

const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:hello';
const WAIT_DEFINITION = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } });
const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:sfn:*';

function request(overrides: Partial<CreateStateMachineInput> = {}): CreateStateMachineInput {
  return { name: 'hello', definition: PASS_DEFINITION, roleArn: ROLE_ARN, ...overrides };
}

describe('CreateStateMachine', () => {
  it('creates a STANDARD state machine that DescribeStateMachine returns with AWS defaults', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    const created = await sfn.createStateMachine(request());
    expect(created).toEqual({ stateMachineArn: SM_ARN, creationDate: new Date('2024-01-01T00:00:00.000Z') });
    expect(await sfn.describeStateMachine({ stateMachineArn: SM_ARN })).toEqual({
      stateMachineArn: SM_ARN,
      name: 'hello',
      status: 'ACTIVE',
      definition: PASS_DEFINITION,
      roleArn: ROLE_ARN,
      type: 'STANDARD',
      creationDate: created.creationDate,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
      revisionId: '00000000-0000-4000-8000-000000000001',
    });
  });

  it('returns the existing state machine for an identical request, ignoring a different role and tags', async () => {
    const { sfn, clock } = createServiceFixture(memoryStore());
    const first = await sfn.createStateMachine(request());
    await clock.advance(1000);
    const again = await sfn.createStateMachine(
      request({ roleArn: 'arn:aws:iam::123456789012:role/other', tags: [{ key: 'k', value: 'v' }] }),
    );
    expect(again).toEqual(first);
    expect((await sfn.describeStateMachine({ stateMachineArn: SM_ARN })).roleArn).toBe(ROLE_ARN);
  });

  it.each([
    ['a different definition', { definition: WAIT_DEFINITION }],
    ['a different type', { type: 'EXPRESS' as const }],
    [
      'different logging',
      {
        loggingConfiguration: {
          level: 'ALL' as const,
          destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }],
        },
      },
    ],
    ['different tracing', { tracingConfiguration: { enabled: true } }],
  ])('rejects the same name with %s as StateMachineAlreadyExists', async (_, overrides) => {
    const { sfn } = createServiceFixture(memoryStore());
    await sfn.createStateMachine(request());
    await expect(sfn.createStateMachine(request(overrides))).rejects.toThrow(
      new StateMachineAlreadyExists(SM_ARN, `State Machine Already Exists: '${SM_ARN}'`),
    );
  });

  it('reports every missing required member in one ValidationException', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    const missing = {} as CreateStateMachineInput;
    await expect(sfn.createStateMachine(missing)).rejects.toThrow(
      new ValidationException(
        "3 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; " +
          "Value null at 'definition' failed to satisfy constraint: Member must not be null; " +
          "Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
      ),
    );
  });

  it.each([
    [
      { name: 'n'.repeat(81) },
      `Value '${'n'.repeat(81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    ],
    [
      { name: '' },
      "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      { definition: '' },
      "Value at 'definition' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      { roleArn: `arn:aws:iam::123456789012:role/${'r'.repeat(256)}` },
      `Value 'arn:aws:iam::123456789012:role/${'r'.repeat(256)}' at 'roleArn' failed to satisfy constraint: Member must have length less than or equal to 256`,
    ],
    [
      { type: 'FAST' as 'STANDARD' },
      "Value 'FAST' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]",
    ],
    [
      { loggingConfiguration: { level: 'LOUD' as 'ALL' } },
      "Value 'LOUD' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]",
    ],
    [
      { tags: [{ key: '', value: 'v' }] },
      "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
  ])('rejects %j with ValidationException', async (overrides, violation) => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.createStateMachine(request(overrides))).rejects.toThrow(
      new ValidationException(`1 validation error detected: ${violation}`),
    );
  });

  it('rejects a name with forbidden characters as InvalidName', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.createStateMachine(request({ name: 'hello world' }))).rejects.toThrow(
      new InvalidName('hello world', "Invalid Name: 'hello world'"),
    );
  });

  it('rejects a role that is not an IAM role ARN as InvalidArn', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.createStateMachine(request({ roleArn: 'not-a-role' }))).rejects.toThrow(
      new InvalidArn("Invalid Arn: 'Invalid ARN prefix: not-a-role'"),
    );
  });

  it('rejects a definition the parser refuses as InvalidDefinition', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(
      sfn.createStateMachine(request({ definition: '{"StartAt": "Nowhere", "States": {}}' })),
    ).rejects.toThrow(InvalidDefinition);
    await expect(sfn.createStateMachine(request({ definition: 'not json' }))).rejects.toThrow(InvalidDefinition);
  });

  it('rejects logging without exactly one destination as InvalidLoggingConfiguration', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.createStateMachine(request({ loggingConfiguration: { level: 'ALL' } }))).rejects.toThrow(
      new InvalidLoggingConfiguration('Invalid Logging Configuration: Must specify exactly one Log Destination.'),
    );
    await expect(
      sfn.createStateMachine(
        request({
          loggingConfiguration: {
            level: 'ERROR',
            destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:s3:::b' } }],
          },
        }),
      ),
    ).rejects.toThrow(InvalidLoggingConfiguration);
  });

  it('stores and describes a valid logging configuration', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    const loggingConfiguration = {
      level: 'ALL' as const,
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }],
    };
    await sfn.createStateMachine(request({ loggingConfiguration, tracingConfiguration: { enabled: true } }));
    const described = await sfn.describeStateMachine({ stateMachineArn: SM_ARN });
    expect(described.loggingConfiguration).toEqual(loggingConfiguration);
    expect(described.tracingConfiguration).toEqual({ enabled: true });
  });

  it('rejects customer-managed KMS keys as InvalidEncryptionConfiguration', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(
      sfn.createStateMachine(request({ encryptionConfiguration: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'k' } })),
    ).rejects.toThrow(InvalidEncryptionConfiguration);
  });

  it('rejects more than 50 tags as TooManyTags', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await expect(sfn.createStateMachine(request({ tags }))).rejects.toThrow(TooManyTags);
  });

  it('refuses a state machine beyond the configured limit with StateMachineLimitExceeded', async () => {
    const { sfn } = createServiceFixture(memoryStore(), { limits: { maxStateMachines: 1 } });
    await sfn.createStateMachine(request());
    await expect(sfn.createStateMachine(request({ name: 'second' }))).rejects.toThrow(StateMachineLimitExceeded);
  });
});

describe('DescribeStateMachine', () => {
  it.each([
    ['not-an-arn', new InvalidArn("Invalid Arn: 'Invalid ARN prefix: not-an-arn'")],
    [
      'arn:aws:states:us-east-1:123456789012:activity:a',
      new InvalidArn("Invalid Arn: 'Resource type not valid in this context: activity'"),
    ],
    [SM_ARN, new StateMachineDoesNotExist(SM_ARN, `State Machine Does Not Exist: '${SM_ARN}'`)],
    [`${SM_ARN}:1`, new StateMachineDoesNotExist(`${SM_ARN}:1`)],
  ])('answers %s with %s', async (stateMachineArn, error) => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.describeStateMachine({ stateMachineArn })).rejects.toThrow(error);
  });

  it('leaves the definition out for METADATA_ONLY', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await sfn.createStateMachine(request());
    expect(
      (await sfn.describeStateMachine({ stateMachineArn: SM_ARN, includedData: 'METADATA_ONLY' })).definition,
    ).toBe('');
  });
});

describe('UpdateStateMachine', () => {
  it('writes a new revision that DescribeStateMachine shows, with the update date', async () => {
    const { sfn, clock } = createServiceFixture(memoryStore());
    await sfn.createStateMachine(request());
    await clock.advance(60_000);
    const updated = await sfn.updateStateMachine({ stateMachineArn: SM_ARN, definition: WAIT_DEFINITION });
    expect(updated).toEqual({
      updateDate: new Date('2024-01-01T00:01:00.000Z'),
      revisionId: '00000000-0000-4000-8000-000000000002',
    });
    const described = await sfn.describeStateMachine({ stateMachineArn: SM_ARN });
    expect(described.definition).toBe(WAIT_DEFINITION);
    expect(described.revisionId).toBe(updated.revisionId);
    expect(described.creationDate).toEqual(new Date('2024-01-01T00:00:00.000Z'));
  });

  it('requires something to update: MissingRequiredParameter', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await sfn.createStateMachine(request());
    await expect(sfn.updateStateMachine({ stateMachineArn: SM_ARN })).rejects.toThrow(MissingRequiredParameter);
  });

  it.each([
    [{ stateMachineArn: SM_ARN, definition: PASS_DEFINITION }, StateMachineDoesNotExist],
    [{ stateMachineArn: 'sm', definition: PASS_DEFINITION }, InvalidArn],
    [{ stateMachineArn: SM_ARN, definition: '' }, ValidationException],
  ])('rejects %j', async (input, error) => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.updateStateMachine(input)).rejects.toThrow(error);
  });

  it('rejects a bad definition or role of an existing state machine', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await sfn.createStateMachine(request());
    await expect(sfn.updateStateMachine({ stateMachineArn: SM_ARN, definition: '{}' })).rejects.toThrow(
      InvalidDefinition,
    );
    await expect(sfn.updateStateMachine({ stateMachineArn: SM_ARN, roleArn: 'r' })).rejects.toThrow(InvalidArn);
  });
});

describe('DeleteStateMachine', () => {
  it('removes the state machine and succeeds again when it is already gone', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await sfn.createStateMachine(request());
    expect(await sfn.deleteStateMachine({ stateMachineArn: SM_ARN })).toEqual({});
    await expect(sfn.describeStateMachine({ stateMachineArn: SM_ARN })).rejects.toThrow(StateMachineDoesNotExist);
    expect(await sfn.deleteStateMachine({ stateMachineArn: SM_ARN })).toEqual({});
  });

  it('rejects an ARN of another resource type with InvalidArn', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(
      sfn.deleteStateMachine({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:execution:a:b' }),
    ).rejects.toThrow(new InvalidArn("Invalid Arn: 'Resource type not valid in this context: execution'"));
  });
});

describe('ListStateMachines', () => {
  it('pages through every state machine, oldest first, without duplicates', async () => {
    const { sfn, clock } = createServiceFixture(memoryStore());
    const names = Array.from({ length: 7 }, (_, i) => `sm-${i}`);
    for (const name of names) {
      await sfn.createStateMachine(request({ name }));
      await clock.advance(1000);
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sfn.listStateMachines({ maxResults: 3, ...(nextToken === undefined ? {} : { nextToken }) });
      expect(page.stateMachines.length).toBeLessThanOrEqual(3);
      seen.push(...page.stateMachines.map((item) => item.name));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken !== undefined);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);
  });

  it('rejects maxResults outside 0–1000 and a token from another action', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.listStateMachines({ maxResults: 1001 })).rejects.toThrow(ValidationException);
    for (let i = 0; i < 2; i += 1) await sfn.createActivity({ name: `a${i}` });
    const { nextToken } = await sfn.listActivities({ maxResults: 1 });
    expect(nextToken).toBeDefined();
    await expect(sfn.listStateMachines({ nextToken: nextToken ?? '' })).rejects.toThrow(InvalidToken);
  });
});
