import {
  ConflictException,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidName,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  ResourceNotFound,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  ValidationException,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  waitForExecutionEnd,
  type ServerProcess,
  type TempDir,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// Versions and aliases through the real @aws-sdk/client-sfn against a real `statefold serve` on a
// temporary SQLite file, with every error as the SDK's typed exception. The server's randomness is
// not pinned here, so routing is tested with weights 100/0 (the seeded draw is tested in core).

const FIRST = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: 'first', End: true } } });
const SECOND = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: 'second', End: true } } });

let dir: TempDir;
let server: ServerProcess;
let sfn: SFNClient;

beforeAll(async () => {
  dir = await createTempDir();
  server = await startServerProcess({ db: `${dir.path}/statefold.db` });
  sfn = createSdkClient(server.endpoint);
});

afterAll(async () => {
  sfn?.destroy();
  await server?.stop('SIGTERM');
  await killAllServerProcesses();
  await dir?.remove();
});

describe('versions and aliases through @aws-sdk/client-sfn', () => {
  it('publishes versions, routes an alias, runs executions through both and lists them', async () => {
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name: 'versioned',
        definition: FIRST,
        roleArn: ROLE_ARN,
        publish: true,
        versionDescription: 'first',
      }),
    );
    const machineArn = created.stateMachineArn ?? '';
    expect(created.stateMachineVersionArn).toBe(`${machineArn}:1`);
    const updated = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machineArn, definition: SECOND }));
    expect(updated.stateMachineVersionArn).toBeUndefined();
    const published = await sfn.send(
      new PublishStateMachineVersionCommand({
        stateMachineArn: machineArn,
        revisionId: updated.revisionId,
        description: 'second',
      }),
    );
    expect(published.stateMachineVersionArn).toBe(`${machineArn}:2`);
    expect(published.creationDate).toBeInstanceOf(Date);

    const versions = await sfn.send(
      new ListStateMachineVersionsCommand({ stateMachineArn: machineArn, maxResults: 1 }),
    );
    expect(versions.stateMachineVersions?.map((version) => version.stateMachineVersionArn)).toEqual([
      `${machineArn}:2`,
    ]);
    const rest = await sfn.send(
      new ListStateMachineVersionsCommand({ stateMachineArn: machineArn, nextToken: versions.nextToken }),
    );
    expect(rest.stateMachineVersions?.map((version) => version.stateMachineVersionArn)).toEqual([`${machineArn}:1`]);

    const version1 = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${machineArn}:1` }));
    expect(version1).toMatchObject({ stateMachineArn: `${machineArn}:1`, definition: FIRST, description: 'first' });

    const aliasArn = `${machineArn}:live`;
    const alias = await sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        description: 'all on version 1',
        routingConfiguration: [
          { stateMachineVersionArn: `${machineArn}:1`, weight: 100 },
          { stateMachineVersionArn: `${machineArn}:2`, weight: 0 },
        ],
      }),
    );
    expect(alias.stateMachineAliasArn).toBe(aliasArn);
    const byAlias = await sfn.send(new StartExecutionCommand({ stateMachineArn: aliasArn, name: 'by-alias' }));
    const byVersion = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: `${machineArn}:2`, name: 'by-version' }),
    );
    const plain = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'plain' }));
    expect(await waitForExecutionEnd(sfn, byAlias.executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '"first"',
      stateMachineArn: machineArn,
      stateMachineVersionArn: `${machineArn}:1`,
      stateMachineAliasArn: aliasArn,
    });
    const versionRun = await waitForExecutionEnd(sfn, byVersion.executionArn);
    expect(versionRun).toMatchObject({ output: '"second"', stateMachineVersionArn: `${machineArn}:2` });
    expect(versionRun.stateMachineAliasArn).toBeUndefined();
    const plainRun = await waitForExecutionEnd(sfn, plain.executionArn);
    expect(plainRun.stateMachineVersionArn).toBeUndefined();

    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: byAlias.executionArn }));
    expect(history.events?.[0]?.executionStartedEventDetails).toMatchObject({
      stateMachineAliasArn: aliasArn,
      stateMachineVersionArn: `${machineArn}:1`,
    });
    const forExecution = await sfn.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: byAlias.executionArn }),
    );
    expect(forExecution.definition).toBe(FIRST);

    const listed = async (stateMachineArn: string) =>
      (await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions?.map((execution) => execution.name);
    expect(await listed(machineArn)).toEqual(['plain', 'by-version', 'by-alias']);
    expect(await listed(aliasArn)).toEqual(['by-alias']);
    expect(await listed(`${machineArn}:2`)).toEqual(['by-version']);
    const [aliasItem] = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: aliasArn }))).executions ?? [];
    expect(aliasItem).toMatchObject({ stateMachineAliasArn: aliasArn, stateMachineVersionArn: `${machineArn}:1` });

    await sfn.send(
      new UpdateStateMachineAliasCommand({
        stateMachineAliasArn: aliasArn,
        routingConfiguration: [{ stateMachineVersionArn: `${machineArn}:2`, weight: 100 }],
      }),
    );
    const described = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }));
    expect(described).toMatchObject({
      name: 'live',
      description: 'all on version 1',
      routingConfiguration: [{ stateMachineVersionArn: `${machineArn}:2`, weight: 100 }],
    });
    const aliases = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: `${machineArn}:2` }));
    expect(aliases.stateMachineAliases?.map((item) => item.stateMachineAliasArn)).toEqual([aliasArn]);

    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${machineArn}:1` }));
    await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }));
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: machineArn }));
    const afterDelete = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: machineArn }));
    expect(afterDelete.stateMachineVersions).toEqual([]);
  });

  it('answers every bad versions and aliases request with its AWS error', async () => {
    const machineArn =
      (
        await sfn.send(
          new CreateStateMachineCommand({ name: 'errors', definition: FIRST, roleArn: ROLE_ARN, publish: true }),
        )
      ).stateMachineArn ?? '';
    const v1 = `${machineArn}:1`;
    await sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'prod',
        routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }],
      }),
    );

    const conflict = await sfn
      .send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 }))
      .catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(ConflictException);
    expect(conflict).toMatchObject({ $metadata: { httpStatusCode: 409 } });

    const stale = sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: machineArn, revisionId: 'stale' }));
    await expect(stale).rejects.toBeInstanceOf(ConflictException);

    const badWeights = await sfn
      .send(
        new CreateStateMachineAliasCommand({
          name: 'half',
          routingConfiguration: [{ stateMachineVersionArn: v1, weight: 50 }],
        }),
      )
      .catch((error: unknown) => error);
    expect(badWeights).toBeInstanceOf(ValidationException);
    expect(badWeights).toMatchObject({ reason: 'INVALID_ROUTING_CONFIGURATION' });

    const nothing = await sfn
      .send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${machineArn}:prod` }))
      .catch((error: unknown) => error);
    expect(nothing).toMatchObject({ name: 'ValidationException', reason: 'MISSING_REQUIRED_PARAMETER' });

    await expect(
      sfn.send(
        new CreateStateMachineAliasCommand({
          name: '42',
          routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidName);
    await expect(
      sfn.send(
        new CreateStateMachineAliasCommand({
          name: 'other',
          routingConfiguration: [{ stateMachineVersionArn: `${machineArn}:9`, weight: 100 }],
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(
      sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${machineArn}:missing` })),
    ).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: v1 }))).rejects.toBeInstanceOf(
      InvalidArn,
    );
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: `${machineArn}:7` }))).rejects.toBeInstanceOf(
      StateMachineDoesNotExist,
    );
    await expect(
      sfn.send(
        new CreateStateMachineCommand({
          name: 'desc-only',
          definition: FIRST,
          roleArn: ROLE_ARN,
          versionDescription: 'x',
        }),
      ),
    ).rejects.toBeInstanceOf(ValidationException);
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }))).rejects.toBeInstanceOf(
      InvalidArn,
    );
  });
});
