import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { MAX_JSON_DEPTH } from '@statefold/core';
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

// Issue 16, points 5, 6 and 10, through the real SDK against a real `statefold serve` on SQLite:
// deep JSON and out-of-range numbers and times get AWS's 400 errors or fail their execution as AWS
// would, never an HTTP 500 or an execution left RUNNING; a `__proto__` key is a key like any other.

const TOO_DEEP = `The JSON nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`;
const nestedArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

let dir: TempDir;
let server: ServerProcess;
let client: SFNClient;
let machines = 0;

async function createMachine(definition: object | string): Promise<string> {
  const { stateMachineArn } = await client.send(
    new CreateStateMachineCommand({
      name: `bounds-${(machines += 1)}`,
      definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
      roleArn: ROLE_ARN,
    }),
  );
  if (stateMachineArn === undefined) throw new Error('no state machine ARN');
  return stateMachineArn;
}

async function run(definition: object, input: string): Promise<Awaited<ReturnType<typeof waitForExecutionEnd>>> {
  const stateMachineArn = await createMachine(definition);
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input }));
  return waitForExecutionEnd(client, executionArn);
}

/** A raw AWS JSON 1.0 request, for bodies the SDK would never write. */
async function post(action: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(server.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  dir = await createTempDir();
  server = await startServerProcess({ db: `${dir.path}/bounds.db` });
  client = createSdkClient(server.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await killAllServerProcesses();
  await dir?.remove();
});

describe('nesting bounds through the server', () => {
  const waitThenPass = {
    StartAt: 'W',
    States: { W: { Type: 'Wait', Seconds: 1, Next: 'P' }, P: { Type: 'Pass', End: true } },
  };

  it('runs an input nested exactly to the bound through a Wait', async () => {
    const input = '{"a":'.repeat(MAX_JSON_DEPTH) + '1' + '}'.repeat(MAX_JSON_DEPTH);
    const described = await run(waitThenPass, input);
    expect(described.status).toBe('SUCCEEDED');
    expect(described.output).toBe(input);
  });

  it.each([MAX_JSON_DEPTH + 1, 100_000])(
    'refuses an input nested %d levels with InvalidExecutionInput',
    async (depth) => {
      const stateMachineArn = await createMachine(waitThenPass);
      const started = client.send(new StartExecutionCommand({ stateMachineArn, input: nestedArrays(depth) }));
      await expect(started).rejects.toMatchObject({
        name: 'InvalidExecutionInput',
        message: `Invalid State Machine Execution Input: '${TOO_DEEP}'`,
        $metadata: { httpStatusCode: 400 },
      });
    },
  );

  it('refuses a definition nested 100,000 levels with InvalidDefinition', async () => {
    const definition = `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":${nestedArrays(100_000)},"End":true}}}`;
    await expect(createMachine(definition)).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: expect.stringContaining(`INVALID_JSON_DESCRIPTION: ${TOO_DEEP}`),
    });
  });

  it('refuses SendTaskSuccess output nested 120,000 levels with InvalidOutput, and takes a good one after', async () => {
    const { activityArn } = await client.send(new CreateActivityCommand({ name: 'bounds-worker' }));
    const stateMachineArn = await createMachine({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: activityArn, End: true } },
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    const { taskToken } = await client.send(new GetActivityTaskCommand({ activityArn }));
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken, output: nestedArrays(120_000) })),
    ).rejects.toMatchObject({ name: 'InvalidOutput', message: `Invalid Output: '${TOO_DEEP}'` });
    await client.send(new SendTaskSuccessCommand({ taskToken, output: '{"ok":true}' }));
    expect(await waitForExecutionEnd(client, executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"ok":true}',
    });
  });

  it('fails States.StringToJson of a string nested 100,000 levels with States.IntrinsicFailure', async () => {
    const described = await run(
      {
        StartAt: 'P',
        States: { P: { Type: 'Pass', Parameters: { 'v.$': 'States.StringToJson($.text)' }, End: true } },
      },
      JSON.stringify({ text: nestedArrays(100_000) }),
    );
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.IntrinsicFailure' });
    expect(described.cause).toContain(TOO_DEEP);
  });
});

describe('numbers and times out of range through the server', () => {
  it('refuses 1e400 in an input with InvalidExecutionInput instead of storing null', async () => {
    const stateMachineArn = await createMachine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn, input: '{"n":1e400}' })),
    ).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
      message: expect.stringContaining('The number 1e400 is out of range'),
    });
  });

  it('says what is wrong with an integer member out of range, in the request or as 1e400', async () => {
    await expect(client.send(new ListStateMachinesCommand({ maxResults: 1e300 }))).rejects.toMatchObject({
      name: 'SerializationException',
      message: "Expected an integer for 'maxResults' but found 1e+300, which is out of range",
    });
    const { status, json } = await post('ListStateMachines', '{"maxResults":1e400}');
    expect(status).toBe(400);
    expect(json['__type']).toBe('SerializationException');
    expect(json['message']).toContain('The number 1e400 is out of range');
  });

  it('fails a Task whose TimeoutSecondsPath is 1e300 with States.Runtime', async () => {
    const { activityArn } = await client.send(new CreateActivityCommand({ name: 'bounds-timeout' }));
    const described = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: activityArn, TimeoutSecondsPath: '$.s', End: true } } },
      '{"s":1e300}',
    );
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(described.cause).toContain('greater than the maximum of 99999999 seconds');
  });
});

describe('__proto__ keys through the server', () => {
  it('keeps a __proto__ key of Pass Parameters, Result and the input as a plain key', async () => {
    const definition = `{"StartAt":"Params","States":{
      "Params":{"Type":"Pass","Parameters":{"__proto__":{"polluted":true},"copy.$":"$.__proto__"},"ResultPath":"$.params","Next":"Result"},
      "Result":{"Type":"Pass","Result":{"__proto__":[1,2]},"ResultPath":"$.result","End":true}}}`;
    const stateMachineArn = await createMachine(definition);
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn, input: '{"__proto__":{"from":"input"}}' }),
    );
    const described = await waitForExecutionEnd(client, executionArn);
    expect(described.status).toBe('SUCCEEDED');
    // Compared as text: JSON.parse would make `__proto__` an own key again and hide a loss.
    expect(described.output).toBe(
      '{"__proto__":{"from":"input"},"params":{"__proto__":{"polluted":true},"copy":{"from":"input"}},"result":{"__proto__":[1,2]}}',
    );
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    const exited = history.events?.find((event) => event.type === 'PassStateExited');
    expect(exited?.stateExitedEventDetails?.output).toContain('"params":{"__proto__":{"polluted":true}');
  });
});
